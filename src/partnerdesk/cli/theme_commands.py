"""``partnerdesk themes``: the office's theme glossary (what an MoU prints for a theme per language).

``themes list`` shows every theme the partnerships use with its translations; ``themes set
THEME "fr: Gestion des déchets" …`` replaces one theme's translations (none given: removes them).
"""

from __future__ import annotations

import argparse

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    themes = sub.add_parser("themes", help=_("the translations of partnership themes (for the MoU)"),
                            allow_abbrev=False)
    tsub = themes.add_subparsers(dest="themes_command", metavar=_("COMMAND"), required=True)
    p = tsub.add_parser("list", allow_abbrev=False, help=_("list the themes in use with their translations"))
    add_db_option(p)
    p.set_defaults(handler=cmd_list)
    p = tsub.add_parser("set", allow_abbrev=False, help=_("set the translations of one theme"))
    p.add_argument("theme", metavar=_("THEME"), help=_("the theme as the partnerships name it (“Abfall”)"))
    p.add_argument("translations", nargs="*", metavar=_("TRANSLATION"),
                   help=_("one per language, e.g. “fr: Gestion des déchets”; none: remove the theme's translations"))
    add_db_option(p)
    p.set_defaults(handler=cmd_set)


def cmd_list(args: argparse.Namespace) -> int:
    from partnerdesk.services import choices, theme_glossary

    with open_for_command(args, check_pages=False) as db:
        themes = choices.themes(db)
        glossary = theme_glossary.load(db)
    if not themes:
        out(_("No partnership has a theme yet."))
    for theme in themes:
        text = glossary.of(theme)
        out(theme)
        for line in text.splitlines() or [_("(no translation)")]:
            out(f"  {line}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from partnerdesk.services import theme_glossary

    text = "\n".join(args.translations)
    with open_for_command(args) as db:
        theme_glossary.save(db, {args.theme: text})
    if text.strip():
        out(_("Translations of the theme “{theme}” saved.").format(theme=args.theme.strip()))
    else:
        out(_("Translations of the theme “{theme}” removed.").format(theme=args.theme.strip()))
    return 0
