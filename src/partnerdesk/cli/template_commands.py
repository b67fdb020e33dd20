"""``partnerdesk templates check [FOLDER]``: the office's MoU templates (and the annual report's wording),
checked before use."""

from __future__ import annotations

import argparse
from pathlib import Path

from partnerdesk.cli.common import out
from partnerdesk.i18n import _, ngettext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    templates = sub.add_parser("templates", help=_("the office's own MoU templates"), allow_abbrev=False)
    tsub = templates.add_subparsers(dest="templates_command", metavar=_("COMMAND"), required=True)
    p = tsub.add_parser(
        "check", allow_abbrev=False,
        help=_("compare the language versions of every MoU clause (same paragraphs, same placeholders)"),
    )
    p.add_argument(
        "templates", nargs="?", type=Path, default=None, metavar=_("FOLDER"),
        help=_("template folder (layout: FOLDER/mou/<lang>/…; default: the office's template folder)"),
    )
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from partnerdesk.documents.mou.check import check_templates
    from partnerdesk.documents.mou.clauses import mou_root, user_template_dir
    from partnerdesk.domain.errors import UserError

    folder: Path | None = args.templates
    if folder is not None and not folder.is_dir():
        raise UserError(_("The template folder {folder} does not exist.").format(folder=folder))
    findings = check_templates([folder] if folder is not None else ())
    report_findings = _annual_report_findings([folder] if folder is not None else [])
    shown = mou_root(folder) if folder is not None else user_template_dir() / "mou"
    for line in [*findings, *report_findings]:
        out(line)
    if findings:
        out(ngettext("{count} difference in the MoU templates ({folder}).",
                     "{count} differences in the MoU templates ({folder}).", len(findings)).format(
            count=len(findings), folder=shown))
        return 1
    out(_("The MoU templates ({folder}) match in every language.").format(folder=shown))
    return 1 if report_findings else 0

def _annual_report_findings(folders: list[Path]) -> list[str]:
    """The annual report's wording (``annual_report/de/texts.txt``) read as the report reads it."""
    from partnerdesk.documents.annual_report.texts import ReportTemplateError, load_texts

    try:
        load_texts(folders)
    except ReportTemplateError as exc:
        return [exc.message]
    return []
