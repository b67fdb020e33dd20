"""``partnerdesk themes`` and the untranslated-value warnings of ``partnerdesk mou`` (issue 20)."""

from __future__ import annotations

from partnerdesk.cli.main import main


def test_themes_set_then_the_mou_warns_then_refuses_the_final(office, tmp_path, capsys):
    db = ["--db", str(office)]
    assert main(["themes", "list", *db]) == 0
    listed = capsys.readouterr().out
    assert "Abfall\n  en: Waste management\n  fr: Gestion des déchets" in listed
    # A bad line is refused naming the theme and the line; nothing changes.
    assert main(["themes", "set", "Abfall", "fr: Déchets", "Müll", *db]) == 1
    assert "Übersetzungen des Themas „Abfall“, Zeile 2" in capsys.readouterr().err
    assert main(["themes", "set", "Abfall", "fr: Déchets", *db]) == 0
    assert "gespeichert" in capsys.readouterr().out
    # Dura's Arabic column now lacks "Abfall": the draft is written and warns on stderr.
    draft = tmp_path / "dura.pdf"
    assert main(["mou", "Dura", "--lang", "ar", "--out", str(draft), *db]) == 0
    err = capsys.readouterr().err
    assert "partnerdesk: Warnung: Thema „Abfall“ hat keine arabische Übersetzung" in err
    assert draft.exists()
    final = tmp_path / "dura-final.pdf"
    assert main(["mou", "Dura", "--lang", "ar", "--final", "--out", str(final), *db]) == 1
    assert "die Übersetzung des Themas „Abfall“ (Arabisch)" in capsys.readouterr().err
    assert not final.exists()
    # No translations given: the theme's entry goes.
    assert main(["themes", "set", "Abfall", *db]) == 0
    assert main(["themes", "list", *db]) == 0
    assert "Abfall\n  (keine Übersetzung)" in capsys.readouterr().out
