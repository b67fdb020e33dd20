"""The one projection of every map: places where they belong, on paper (y up) and screen (y down),
and the locator map drawing through it."""

from __future__ import annotations

import pytest

from partnerdesk.geography import projection
from partnerdesk.geography.boundaries import Box
from partnerdesk.geography.clusters import cluster
from partnerdesk.geography.projection import Projection

KUMASI = (-1.6244, 6.6885)  # longitude, latitude
CLUJ = (23.6236, 46.7712)


def test_known_cities_land_at_their_place_on_the_world_map():
    world = projection.world()
    assert (world.width, world.height) == (3600.0, 1440.0)
    assert world.xy(-180, 84) == (0.0, 0.0)  # north-west corner at the top left
    assert world.xy(180, -60) == pytest.approx((3600.0, 1440.0))
    assert world.xy(0, 0) == pytest.approx((1800.0, 840.0))  # Gulf of Guinea
    assert world.xy(*KUMASI) == pytest.approx((1783.756, 773.115))
    assert world.xy(*CLUJ) == pytest.approx((2036.236, 372.288))
    assert world.lon_lat(*world.xy(*CLUJ)) == pytest.approx(CLUJ)


def test_paper_has_y_upwards_and_screens_downwards():
    box = Box(0, 0, 10, 20)
    paper, screen = Projection(box, 100, 200), Projection(box, 100, 200, y_down=True)
    assert paper.xy(5, 5) == (50.0, 50.0)
    assert screen.xy(5, 5) == (50.0, 150.0)
    assert paper.points([(0, 0), (10, 20)]) == [(0.0, 0.0), (100.0, 200.0)]


def test_the_locator_map_draws_through_the_shared_projection():
    from partnerdesk.documents.locator_map import locator_map

    place = locator_map(KUMASI[1], KUMASI[0], "GH", 200, 150)
    assert place is not None
    assert place._xy(*KUMASI) == place.projection.xy(*KUMASI)
    x, y = place._xy(*KUMASI)
    assert 0 < x < 200 and 0 < y < 150


def test_points_closer_than_the_radius_cluster_with_their_count_and_the_centre_between_them():
    points = [(0.0, 0.0, "a"), (3.0, 4.0, "b"), (100.0, 0.0, "c"), (104.0, 0.0, "d"), (300.0, 300.0, "e")]
    found = cluster(points, radius=6.0)
    assert [c.members for c in found] == [["a", "b"], ["c", "d"], ["e"]]
    assert (found[0].x, found[0].y) == (1.5, 2.0)
    assert [c.count for c in found] == [2, 2, 1]
    # A smaller radius keeps a and b (5 apart) apart, c and d (4 apart) together; no radius: each alone.
    assert [c.members for c in cluster(points, radius=4.0)] == [["a"], ["b"], ["c", "d"], ["e"]]
    assert len(cluster(points, radius=0)) == 5


def test_clusters_reach_across_grid_cells():
    found = cluster([(9.9, 9.9, 1), (10.1, 10.1, 2)], radius=10.0)
    assert [c.members for c in found] == [[1, 2]]
