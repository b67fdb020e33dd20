from partnerdesk.domain import countries, sdg
from partnerdesk.domain.text import fold


def test_all_goals_and_targets_with_official_colours():
    assert [g.number for g in sdg.goals()] == list(range(1, 18))
    assert len(sdg.targets()) == 169
    assert sdg.goal(17).colour == "#19486A"
    assert sdg.goal(6).short("de") == "Sauberes Wasser und Sanitäreinrichtungen"
    assert sdg.goal(13).title("en").startswith("Take urgent action")
    assert sdg.target("6.a").goal == 6
    assert [t.code for t in sdg.targets(6)][-2:] == ["6.a", "6.b"]
    assert sdg.goal(1).title("ro") and sdg.goal(1).title("fr")


def test_fold_is_case_and_accent_insensitive():
    assert fold("Düsseldorf") == "dusseldorf"
    assert "cluj" in fold("Cluj-Napoca")
    assert fold("Straße") == "strasse"
    assert fold("Timișoara") == "timisoara"


def test_country_names_in_german():
    assert countries.country_name("GH") == "Ghana"
    assert countries.country_name("RO") == "Rumänien"
    assert countries.is_country("GN") and not countries.is_country("XX")
    assert countries.is_currency("EUR") and not countries.is_currency("EURO")
