"""``python -m partnerdesk`` and the ``partnerdesk`` command."""

from __future__ import annotations

import sys

from partnerdesk import startup


def main(argv: list[str] | None = None) -> int:
    startup.begin()  # the collector pauses while the program starts (see startup.py)
    try:
        from partnerdesk.cli.main import main as cli_main

        return cli_main(argv)
    finally:
        startup.end()


if __name__ == "__main__":
    sys.exit(main())
