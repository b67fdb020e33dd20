"""The Sachbericht draft (PDF and Word) and the whole proof-of-use pack."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from pdf_checks import HOSTILE, assert_fonts_embedded, assert_qpdf_ok, flat, pdf_text

from partnerdesk.documents import grant_pack
from partnerdesk.documents.grant_pack import PackFolderError, pack_names, write_pack
from partnerdesk.documents.grant_report import ReportActivity, ReportInput, ReportProject, build_report_pdf
from partnerdesk.documents.grant_report_docx import build_report_docx
from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.grants import Expense, Grant, PlanLine, Transfer
from partnerdesk.exchange.grant_proof import PackPeriodError

D = Decimal


def data(title: str = "Klimapartnerschaft Kumasi", **changes: object) -> ReportInput:
    g = Grant(
        id="g1",
        title=title,
        file_reference="KP/2026-17",
        status=GrantStatus.RUNNING,
        funder="Engagement Global",
        programme="Nakopa",
        period_start=date(2025, 10, 1),
        period_end=date(2027, 12, 31),
        approved_amount=D("90000"),
        own_share=D("10000"),
        funding_rate=D("0.9"),
        plan_lines=(PlanLine("l1", "Personal", D("50000"), "1"), PlanLine("l2", "Reisen", D("1000"), "2", 1)),
        expenses=(Expense("e1", date(2026, 3, 1), D("1200"), payee="Air", plan_line_id="l2"),),
        transfers=(Transfer("t1", D("15000"), contract="WV-1", transferred_on=date(2026, 4, 1)),),
    )
    base = {
        "grant": g,
        "start": date(2026, 1, 1),
        "end": date(2026, 12, 31),
        "projects": (
            ReportProject(
                "Wasser für Kumasi", summary="Sauberes Trinkwasser für 3 Stadtteile.", results="Zwei Brunnen gebaut."
            ),
        ),
        "activities": (
            ReportActivity(
                "Fachaustausch Wasser",
                date(2026, 3, 3),
                date(2026, 3, 7),
                place="Kumasi",
                kind="Besuch",
                notes="Zwölf Teilnehmende.",
            ),
            ReportActivity("Auftaktworkshop", date(2025, 11, 5)),  # before the reporting period
            ReportActivity("Silvesterbesuch", date(2025, 12, 30), date(2026, 1, 2)),  # runs into it
        ),
        "recipient": "Stadt Musterstadt, Büro für internationale Beziehungen",
        "invariant": True,
    }
    base.update(changes)
    return ReportInput(**base)  # type: ignore[arg-type]


def test_the_pdf_is_compiled_from_the_projects_the_activities_and_the_period(tmp_path: Path) -> None:
    path = Path(build_report_pdf(data(), tmp_path / "sachbericht.pdf"))
    text = flat(pdf_text(path))
    for expected in (
        "Sachbericht (Entwurf)",
        "Berichtszeitraum 01.01.2026 – 31.12.2026",
        "Bewilligungszeitraum 01.10.2025 – 31.12.2027",
        "Sauberes Trinkwasser für 3 Stadtteile.",
        "03.03.2026 – 07.03.2026 · Besuch · Fachaustausch Wasser (Kumasi)",
        "Silvesterbesuch",
        "Zwei Brunnen gebaut.",
        "2 Reisen: 1.200,00 EUR ausgegeben bei 1.000,00 EUR geplant (+20 %).",
        "Im Berichtszeitraum an Partner weitergeleitet: 15.000,00 EUR.",
        "[Bitte ergänzen: warum die geleistete Arbeit notwendig und angemessen war]",
        "Seite 1 von 1",
    ):
        assert expected in text
    assert "Auftaktworkshop" not in text
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)


def test_the_word_draft_holds_the_same_sections_as_headings(tmp_path: Path) -> None:
    path = Path(build_report_docx(data(), tmp_path / "sachbericht.docx"))
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["1. Angaben zur Zuwendung", "2. Ziele des Projekts", "Wasser für Kumasi"]
    assert "7. Ausblick" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Zwölf Teilnehmende." in text and "Auftaktworkshop" not in text
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["Aktenzeichen"] == "KP/2026-17" and facts["Bewilligte Zuwendung"] == "90.000,00 EUR"
    assert document.core_properties.title == "Sachbericht (Entwurf): Klimapartnerschaft Kumasi"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_printed_literally(tmp_path: Path, hostile: str) -> None:
    report = data(projects=(ReportProject(hostile, summary=hostile, results=hostile),))
    pdf = Path(build_report_pdf(report, tmp_path / "s.pdf"))
    word = Path(build_report_docx(report, tmp_path / "s.docx"))
    assert pdf.stat().st_size > 0 and word.stat().st_size > 0
    if hostile.isprintable() and len(hostile) < 60 and not any("\u0600" <= c <= "\u06ff" for c in hostile):
        assert flat(hostile) in flat(pdf_text(pdf))
    assert any(
        hostile.replace("\x00", "").replace("\x07", "").replace("\x1b", "").split("\n")[0].strip() in p.text
        for p in docx.Document(str(word)).paragraphs
    )


def test_the_pack_writes_three_files_named_after_the_file_reference(tmp_path: Path) -> None:
    written = write_pack(data(), tmp_path / "Nachweis 2026")
    assert [p.name for p in written] == [
        "KP_2026-17_Zahlenmaessiger_Nachweis_2026-01-01_2026-12-31.xlsx",
        "KP_2026-17_Sachbericht_2026-01-01_2026-12-31.pdf",
        "KP_2026-17_Sachbericht_2026-01-01_2026-12-31.docx",
    ]
    assert sorted(p.name for p in (tmp_path / "Nachweis 2026").iterdir()) == sorted(p.name for p in written)


def test_a_failing_file_leaves_no_half_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(grant_pack, "build_report_docx", broken)
    with pytest.raises(OSError):
        write_pack(data(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_bad_folders_and_periods_are_refused_in_german(tmp_path: Path) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("x")
    with pytest.raises(PackFolderError, match="ist eine Datei, kein Ordner"):
        write_pack(data(), blocker)
    with pytest.raises(PackPeriodError):
        write_pack(data(start=date(2027, 1, 1)), tmp_path / "neu")
    assert not (tmp_path / "neu").exists()


def test_names_of_grants_without_a_file_reference_are_safe_on_disk() -> None:
    named = ReportInput(Grant(id="g1", title='Kumasi: "Wasser"/Abwasser'), date(2026, 1, 1), date(2026, 12, 31))
    for name in pack_names(named):
        assert not set(name) & set('<>:"/\\|?*')
