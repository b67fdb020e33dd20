"""The window's world map draws the countries that cross the date line (Russia's far east, Fiji) where
they are: no band of land round the world at their latitude, and both sides of the line are land."""

import pytest
from PySide6.QtCore import QPointF

from partnerdesk.geography import projection
from partnerdesk.ui.overview.map_view import land_paths


@pytest.mark.parametrize(
    ("place", "lon", "lat", "land"),
    [
        ("Norwegian Sea (under Russia's old band)", 2.0, 68.0, False),
        ("South Atlantic (under Antarctica's old band)", -20.0, -60.0, False),
        ("Chukotka west of the date line", 175.0, 66.0, True),
        ("Chukotka east of the date line", -178.0, 66.5, True),
        ("Moscow", 37.6, 55.7, True),
        ("Alaska", -150.0, 64.0, True),
        ("Bering Sea", -175.0, 58.0, False),
    ],
)
@pytest.mark.parametrize("detail", [0, 1], ids=["full", "coarse"])
def test_land_on_the_world_map_is_where_it_is_across_the_date_line(qapp, place, lon, lat, land, detail):
    x, y = projection.world().xy(lon, lat)
    assert land_paths()[detail].contains(QPointF(x, y)) is land, place
