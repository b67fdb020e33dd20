"""The annual report's Word version carries the SDG chart and the world map as pictures (issue 24),
rasterized from the very ReportLab drawings the PDF prints (``documents.picture``): two inline
pictures with captions and alt text, PNGs that decode at a sane size and hold the SDG goals' and
the partnership types' official colours where the PDF has them."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from PIL import Image
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors

from partnerdesk.documents.annual_report import write_annual_report
from partnerdesk.documents.picture import DPI, png_of
from partnerdesk.domain import sdg
from partnerdesk.domain.chart_colours import TYPE_COLOURS
from partnerdesk.domain.enums import OrganisationKind, PartnershipType
from partnerdesk.domain.records import Activity, Organisation, Partnership, Project
from partnerdesk.services import service_for
from partnerdesk.services.annual_report import collect

YEAR = 2026


def _create(db, kind, record):
    return service_for(db, kind).create(record)


@pytest.fixture
def office(db):
    """Two placed partners of two types, projects on a few goals."""
    kumasi = _create(db, "organisations", Organisation(name="Kumasi", kind=OrganisationKind.MUNICIPALITY, country="GH",
                                                        latitude=6.69, longitude=-1.62))
    cluj = _create(db, "organisations", Organisation(name="Cluj-Napoca", kind=OrganisationKind.MUNICIPALITY, country="RO",
                                                      latitude=46.77, longitude=23.59))
    alpha = _create(db, "partnerships", Partnership(title="Alpha", partner_id=kumasi.id,
                                                    type=PartnershipType.PROJECT_PARTNERSHIP, start_year=2019))
    beta = _create(db, "partnerships", Partnership(title="Beta", partner_id=cluj.id, type=PartnershipType.TWINNING,
                                                   start_year=1990))
    _create(db, "activities", Activity(title="Treffen", date=date(YEAR, 3, 3), partnership_id=alpha.id))
    _create(db, "projects", Project(title="Wasser", partnership_id=alpha.id, start_date=date(2025, 3, 1),
                                    budget_amount=Decimal("120000"), sdg_goals=[6, 17]))
    _create(db, "projects", Project(title="Schule", partnership_id=beta.id, start_date=date(2024, 1, 1),
                                    budget_amount=Decimal("8000"), sdg_goals=[4]))
    return db


def _pictures(path: Path) -> list[bytes]:
    """The PNGs inside the Word file, in document order."""
    document = docx.Document(str(path))
    blobs = []
    for shape in document.inline_shapes:
        rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        blobs.append(document.part.related_parts[rid].blob)
    return blobs


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {rgb for _count, rgb in image.getcolors(maxcolors=1 << 20) or []}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def test_the_word_report_holds_the_sdg_chart_and_the_map_as_pictures(office, tmp_path):
    word, content = write_annual_report(collect(office, YEAR), tmp_path / "bericht.docx", on=date(2027, 1, 15))
    document = docx.Document(word)
    assert len(document.inline_shapes) == 2
    chart, world = _pictures(Path(word))
    for png in (chart, world):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        image = Image.open(io.BytesIO(png))
        image.load()  # decodes whole
        # As wide as the text (174 mm at 200 dpi: about 1,370 pixels), not a thumbnail, not a poster.
        assert 1200 <= image.width <= 1500, image.size
        assert 150 <= image.height <= image.width
    # Shown in Word as wide as the page's text, as in the PDF.
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for shape in document.inline_shapes:
        assert abs(shape.width - text_width) < text_width * 0.02
    # Every goal's official colour stands in the chart (each goal's number square, all 17 so gaps show).
    found = _colours(chart)
    assert all(_rgb(goal.colour) in found for goal in sdg.goals())
    # The partners' dots in their partnership type's colour, as in the PDF's map and the Übersicht.
    found = _colours(world)
    assert _rgb(TYPE_COLOURS[PartnershipType.TWINNING]) in found
    assert _rgb(TYPE_COLOURS[PartnershipType.PROJECT_PARTNERSHIP]) in found
    assert _rgb(TYPE_COLOURS[PartnershipType.FRIENDSHIP]) not in found  # no such partner


def test_each_picture_has_a_caption_below_it_and_alt_text(office, tmp_path):
    word, _content = write_annual_report(collect(office, YEAR), tmp_path / "bericht.docx")
    document = docx.Document(word)
    paragraphs = document.paragraphs
    holding = [i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic")]
    assert len(holding) == 2
    captions = [paragraphs[i + 1] for i in holding]
    assert [c.style.name for c in captions] == ["Caption", "Caption"]
    assert all(paragraphs[i].paragraph_format.keep_with_next for i in holding)  # no page break in between
    assert captions[0].text.startswith("Abbildung 1:") and "Nachhaltigkeitsziel" in captions[0].text
    assert captions[1].text.startswith("Abbildung 2:") and str(YEAR) in captions[1].text
    alt = [p._p.xpath(".//wp:docPr")[0].get("descr") for p in (paragraphs[i] for i in holding)]
    assert alt == [c.text for c in captions]
    text = " ".join(p.text for p in paragraphs)
    assert "PDF-Fassung" not in text  # the old sentence that sent the reader to the PDF for the map


def test_a_year_without_goals_or_places_has_no_pictures_and_still_says_why(db, tmp_path):
    word, _content = write_annual_report(collect(db, 1950), tmp_path / "leer.docx")
    document = docx.Document(word)
    assert len(document.inline_shapes) == 0
    with zipfile.ZipFile(word) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]
    text = " ".join(p.text for p in document.paragraphs)
    assert "die Karte entfällt" in text


def test_a_drawing_becomes_a_png_of_its_size_at_the_resolution():
    drawing = Drawing(72, 36)
    drawing.add(Rect(0, 0, 36, 36, fillColor=colors.HexColor("#E5243B"), strokeColor=None))
    png = png_of(drawing)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (round(72 * DPI / 72), round(36 * DPI / 72))
    assert image.getpixel((10, 10)) == (0xE5, 0x24, 0x3B)
    assert image.getpixel((image.width - 10, 10)) == (255, 255, 255)  # white, not transparent black
    assert Image.open(io.BytesIO(png)).info.get("dpi", (0, 0))[0] == pytest.approx(DPI, abs=1)


def test_an_office_template_from_before_still_loads_with_the_retired_map_sentence(tmp_path):
    from partnerdesk.documents.annual_report.texts import load_texts

    folder = tmp_path / "vorlagen"
    (folder / "annual_report" / "de").mkdir(parents=True)
    (folder / "annual_report" / "de" / "texts.txt").write_text(
        "text_map_docx = Die Karte finden Sie im PDF.\ncaption_map = Bild {number}: Partner {year}\n", "utf-8")
    texts = load_texts([folder])
    assert "text_map_docx" not in texts.texts
    assert texts.text("caption_map", number=2, year=2026) == "Bild 2: Partner 2026"


@pytest.mark.parametrize(("where", "lon", "lat"), [
    ("Norwegian Sea (Russia's ring across the date line drew a band of land round the world here)", -5.0, 67.0),
    ("South Atlantic (Fiji's ring across the date line drew a line round the world here)", -20.0, -16.5),
])
def test_rings_across_the_date_line_stay_where_they_are_on_the_world_map(where, lon, lat):
    from partnerdesk.documents.locator_map import SEA
    from partnerdesk.documents.world_map import WorldMap

    world = WorldMap([], 360)
    image = Image.open(io.BytesIO(png_of(world))).convert("RGB")
    scale = DPI / 72
    x, y = world.xy(lon, lat)
    pixel = image.getpixel((round(x * scale), round((world.height - y) * scale)))
    assert pixel == _rgb("#" + SEA.hexval()[2:]), where
    # ... and the far east of Russia and Fiji are still drawn, on both sides of the date line.
    for lon_land, lat_land in ((178.0, -17.8), (-172.0, 65.5), (170.0, 66.0)):  # Viti Levu, Chukotka, Chukotka
        x, y = world.xy(lon_land, lat_land)
        land = image.getpixel((round(x * scale), round((world.height - y) * scale)))
        assert land != _rgb("#" + SEA.hexval()[2:]), (lon_land, lat_land)
