"""Changing a programme's .xlsx sheet as a partner would, for the programme's tests (command and window)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl


def edit_sheet(path: Path, change: Callable[[Any, dict[str, int]], None]) -> None:
    """Open the sheet at ``path``, let ``change(sheet, column number by header)`` edit it, save it."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    columns = {cell.value: cell.column for cell in sheet[1]}
    change(sheet, columns)
    workbook.save(path)
