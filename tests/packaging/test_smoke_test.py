"""The smoke test's own judgement (fast; the frozen run itself is in test_frozen_build.py)."""

from __future__ import annotations

from pathlib import Path

import smoke_test


def test_any_stderr_line_counts_except_the_offscreen_size_hint_notice() -> None:
    stderr = (
        "This plugin does not support propagateSizeHints()\n"
        "\n"
        "qt.qpa.fonts: Populating font family aliases took 120 ms\n"
        "QWidget::setLayout: Attempting to set QLayout on QMainWindow\n"
    )
    assert smoke_test.unexpected_stderr(stderr) == [
        "qt.qpa.fonts: Populating font family aliases took 120 ms",
        "QWidget::setLayout: Attempting to set QLayout on QMainWindow",
    ]


def test_environment_is_offscreen_private_and_ignores_the_callers_database(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PARTNERDESK_DB", "/somewhere/else.sqlite")
    monkeypatch.setenv("PARTNERDESK_LANG", "en")
    env = smoke_test.smoke_environment(tmp_path)
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["PARTNERDESK_DATA_DIR"] == str(tmp_path)
    assert "PARTNERDESK_DB" not in env and "PARTNERDESK_LANG" not in env


def test_a_folder_without_the_programs_fails(tmp_path: Path) -> None:
    result = smoke_test.smoke_test(tmp_path / "PartnerDesk")
    assert not result.ok
    assert "missing" in result.failures[0]


def test_warnings_in_the_programs_log_fail_except_the_allowed_notice(tmp_path: Path) -> None:
    run = smoke_test.SmokeRun(tmp_path / "PartnerDesk", tmp_path, require_mou=True)
    logs = run.data_dir / "logs"
    logs.mkdir(parents=True)
    (logs / "partnerdesk.log").write_text(
        "2026-11-25 18:30:38,534 INFO partnerdesk.ui.app [MainThread] starting\n"
        "2026-11-25 18:30:38,534 WARNING qt [MainThread] This plugin does not support propagateSizeHints() (default)\n"
        "2026-11-25 18:30:39,000 WARNING qt [MainThread] QLayout: Attempting to add QLayout to QWidget\n",
        encoding="utf-8",
    )
    run.step_logs()
    assert len(run.result.failures) == 1
    assert "QLayout" in run.result.failures[0] and "propagateSizeHints" not in run.result.failures[0]


def test_a_word_report_without_its_two_pictures_fails_and_one_with_them_passes(tmp_path: Path) -> None:
    import io
    import zipfile

    from PIL import Image

    def word(name: str, pictures: list[bytes]) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
            for i, blob in enumerate(pictures, start=1):
                archive.writestr(f"word/media/image{i}.png", blob)
        return path

    def png(width: int) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (width, 40), "white").save(out, "PNG")
        return out.getvalue()

    assert smoke_test.word_pictures_problem(word("ok.docx", [png(1370), png(1370)]), 2) == ""
    assert "0 pictures" in smoke_test.word_pictures_problem(word("none.docx", []), 2)
    assert "no PNG" in smoke_test.word_pictures_problem(word("bad.docx", [png(1370), b"GIF89a" + bytes(30)]), 2)
    assert "60×40" in smoke_test.word_pictures_problem(word("small.docx", [png(1370), png(60)]), 2)
    assert "no Word document" in smoke_test.word_pictures_problem(tmp_path / "missing.docx", 2)
