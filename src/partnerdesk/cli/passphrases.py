"""Passphrases of travel copies on the command line.

The passphrase never comes from an argument (it would show in the process list and
the shell history): ``--passphrase-file FILE``, the ``PARTNERDESK_PASSPHRASE``
environment variable, or a prompt on the terminal, in this order.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _

PASSPHRASE_ENV = "PARTNERDESK_PASSPHRASE"


def read_passphrase(passphrase_file: Path | None, *, confirm: bool = False) -> str:
    if passphrase_file is not None:
        try:
            text = passphrase_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(
                _("The passphrase file {name} cannot be read: {reason}").format(name=passphrase_file, reason=exc.strerror)
            ) from exc
        passphrase = text.rstrip("\r\n")
        if not passphrase:
            raise UserError(_("The passphrase file {name} is empty.").format(name=passphrase_file))
        return passphrase
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(
            _("A passphrase is needed: use --passphrase-file FILE or the environment variable {env}.").format(
                env=PASSPHRASE_ENV
            )
        )
    passphrase = getpass.getpass(_("Passphrase: "))
    if confirm:
        from partnerdesk.travel import travelfile

        travelfile.check_passphrase(passphrase)
        if getpass.getpass(_("Repeat the passphrase: ")) != passphrase:
            raise UserError(_("The two passphrases differ."))
    return passphrase
