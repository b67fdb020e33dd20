"""Arabic and Hebrew names in the register table and in the form: unchanged text, laid out right to left.

Qt shapes and reorders the letters itself. What the window must add: a table cell whose text
begins with a right-to-left letter gets that direction (Unicode bidi P2/P3), as the form's line
edit does by itself; before, the cell was laid out left to right ("بلدية دورا (Dura) 2026" with
the Arabic at the left, the bracket and the number after it). The tests look at the pixels: where
the ink of the drawn text lies in the cell and in the field.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage

from partnerdesk.domain.records import Organisation
from partnerdesk.services.records import OrganisationService
from partnerdesk.ui.bidi import direction_of

HEBREW = "עיריית נתניה"  # Netanya, one of Dortmund's twin towns
ARABIC = "بلدية دورا (Dura) 2026"


def test_direction_of_the_first_strong_letter():
    assert direction_of(HEBREW) == Qt.LayoutDirection.RightToLeft
    assert direction_of(ARABIC) == Qt.LayoutDirection.RightToLeft
    assert direction_of("2026 – " + HEBREW) == Qt.LayoutDirection.RightToLeft, "digits are not strong"
    assert direction_of("Netanya (נתניה)") == Qt.LayoutDirection.LeftToRight
    assert direction_of("2026") is None


def ink_columns(image: QImage, rect: QRect) -> tuple[int, int]:
    """Leftmost and rightmost column in ``rect`` with a dark pixel (text), relative to ``rect``."""
    columns = [
        x - rect.left()
        for x in range(rect.left() + 2, rect.right() - 1)
        if any(image.pixelColor(x, y).lightness() < 110 for y in range(rect.top() + 3, rect.bottom() - 2))
    ]
    assert columns, "text is drawn"
    return columns[0], columns[-1]


@pytest.fixture
def rtl_window(qtbot, make_window, example_db):
    service = OrganisationService(example_db)
    hebrew = service.create(Organisation(name=HEBREW, city="נתניה", country="IL"))
    arabic = service.create(Organisation(name=ARABIC, city="دورا", country="PS"))
    window = make_window(example_db)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    panel = window.panels["organisations"]
    window.tabs.setCurrentWidget(panel)
    panel.ensure_loaded(wait=True)
    return window, panel, {"hebrew": hebrew, "arabic": arabic}


def row_of(panel, text):
    for row in range(panel.model.rowCount()):
        if panel.model.index(row, 0).data() == text:
            return row
    raise AssertionError(f"{text} not in the table")


@pytest.mark.parametrize("name", [HEBREW, ARABIC])
def test_the_table_lays_out_a_right_to_left_name_from_the_right(rtl_window, name):
    window, panel, _records = rtl_window
    table = panel.table
    row = row_of(panel, name)
    index = panel.model.index(row, 0)
    assert index.data() == name, "the text itself is not changed (no reshaping, no control characters)"
    table.scrollTo(index)
    image = table.viewport().grab().toImage()
    cell = table.visualRect(index)
    left, right = ink_columns(image, cell)
    assert right > cell.width() - 16, ("aligned to the right, like the form's field", left, right, cell.width())
    assert left > cell.width() // 4, "not at the left"

    latin = panel.model.index(row_of(panel, "Kumasi"), 0)
    table.scrollTo(latin)
    image = table.viewport().grab().toImage()
    cell = table.visualRect(latin)
    left, _right = ink_columns(image, cell)
    assert left < 16, "Latin names stay at the left"


def test_the_cell_gets_the_direction_of_its_text(rtl_window):
    from PySide6.QtWidgets import QStyleOptionViewItem

    window, panel, _records = rtl_window
    delegate = panel.table.itemDelegate()
    for name, direction in ((ARABIC, Qt.LayoutDirection.RightToLeft), (HEBREW, Qt.LayoutDirection.RightToLeft),
                            ("Kumasi", Qt.LayoutDirection.LeftToRight)):
        option = QStyleOptionViewItem()
        option.initFrom(panel.table)
        delegate.initStyleOption(option, panel.model.index(row_of(panel, name), 0))
        assert option.direction == direction and option.text == name


@pytest.mark.parametrize("key", ["hebrew", "arabic"])
def test_the_form_shows_the_name_unchanged_and_from_the_right(qtbot, rtl_window, key):
    window, panel, records = rtl_window
    record = records[key]
    window.open_record("organisations", record.id)
    qtbot.waitUntil(lambda: window.editor_panel.record_id == record.id)
    field = window.editor_panel.form.fields["name"].widget
    assert field.text() == record.name
    image = field.grab().toImage()
    left, right = ink_columns(image, QRect(0, 0, field.width(), field.height()))
    assert right > field.width() - 20 and left > field.width() // 3, (left, right, field.width())
    assert window.editor_panel.title.text() == f"Organisation „{record.name}“"


def test_the_relationships_show_a_right_to_left_name_from_the_right(qtbot, rtl_window, example_db):
    """The partner of a partnership, named in Hebrew, in the relationships beside the form."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from partnerdesk.domain.records import Partnership
    from partnerdesk.services.records import PartnershipService

    window, _panel, records = rtl_window
    partnership = PartnershipService(example_db).create(
        Partnership(title="Städtepartnerschaft Dortmund – Netanya", partner_id=records["hebrew"].id))
    window.relations.show_record("partnerships", partnership.id)
    tree = window.relations.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0)
    items = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
             for j in range(tree.topLevelItem(i).childCount())]
    assert [item.text(0) for item in items if HEBREW in item.text(0)], ([item.text(0) for item in items], [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())])
    hebrew = next(item for item in items if HEBREW in item.text(0))
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    tree.itemDelegate().initStyleOption(option, tree.indexFromItem(hebrew, 0))
    assert option.direction == Qt.LayoutDirection.RightToLeft and option.text == HEBREW
