"""One way to find the shipped resources, installed, frozen or from a source checkout.

The wheel and the frozen build carry the top-level ``resources/`` folder as
``partnerdesk/resources``; a source checkout (tests, editable installs) reads it
from the repository. Nothing reads paths relative to the working directory.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def resource_root() -> Path:
    packaged = Path(str(files("partnerdesk"))) / "resources"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("PartnerDesk resources folder not found")


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource file, e.g. ``resource_path("sdg", "sdg.json")``."""
    return resource_root().joinpath(*parts)
