"""The bundled Natural Earth boundaries and the window a locator map shows."""

from __future__ import annotations

import json
import math

import pytest

from partnerdesk.geography import boundaries
from partnerdesk.resources import resource_path


def test_the_resource_names_its_public_domain_source():
    raw = json.loads(resource_path("geography", "countries.json").read_text("utf-8"))
    assert "Natural Earth" in raw["source"] and "public domain" in raw["source"] and "world-atlas 2.0.2" in raw["source"]
    readme = resource_path("geography", "README.md").read_text("utf-8")
    assert "public domain" in readme and "4.1.0" in readme
    assert len(boundaries.countries()) > 200
    for code in ("DE", "KE", "GH", "GN", "RO", "PS", "FR", "XK"):
        assert boundaries.countries()[code], code


@pytest.mark.parametrize("place, country, neighbours", [
    ((-0.10, 34.27), "KE", {"UG", "TZ", "SO", "ET"}),  # Bondo, Kenya
    ((6.69, -1.62), "GH", {"CI", "TG", "BF"}),  # Kumasi
    ((46.77, 23.59), "RO", {"HU", "UA", "MD", "BG", "RS"}),  # Cluj-Napoca
    ((31.50, 35.00), "PS", {"IL", "JO"}),  # Dura
])
def test_the_view_shows_the_place_its_country_and_the_neighbours(place, country, neighbours):
    lat, lon = place
    box = boundaries.view(lat, lon, country, 1.3)
    assert box.contains(lon, lat)
    shown = {code for code, _ring in boundaries.rings_in(box)}
    assert country in shown and neighbours <= shown
    own = [r.box for r in boundaries.countries()[country] if r.box.intersects(box)]
    assert any(b.west >= box.west and b.east <= box.east and b.south >= box.south and b.north <= box.north for b in own), \
        "the country's main part lies whole inside the map"


def test_a_country_with_far_territories_is_shown_near_the_place():
    box = boundaries.view(48.85, 2.35, "FR", 1.3)  # Paris: French Guiana is not pulled into the map
    assert box.west > -20 and box.east < 25 and box.south > 30


def test_the_span_is_capped_for_huge_countries():
    box = boundaries.view(55.75, 37.62, "RU", 1.3)  # Moscow
    assert box.north - box.south <= boundaries.MAX_SPAN + 1e-9 and box.contains(37.62, 55.75)


@pytest.mark.parametrize("lat, lon", [(None, 1.0), (1.0, None), (91.0, 0.0), (0.0, 181.0), (math.nan, 0.0),
                                      (0.0, math.inf), (True, 1.0)])
def test_unusable_coordinates_give_no_place(lat, lon):
    assert not boundaries.valid_place(lat, lon)
