"""Entry script of the frozen PartnerDesk (partnerdesk.exe and partnerdesk-cli.exe).

It does what the ``partnerdesk`` console script does after ``pip install``: call
``partnerdesk.__main__.main``. The windowed Windows build has no console, so
``sys.stdout``/``sys.stderr`` are ``None`` there; they are pointed at the null
device so that a stray write cannot crash the program (the command line for city
IT is ``partnerdesk-cli.exe``, which has a console).
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _ensure_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _ensure_streams()
    from partnerdesk.__main__ import main

    sys.exit(main())
