"""Rings across the date line are drawn where they are (geography.boundaries.unwrapped)."""

from __future__ import annotations

from partnerdesk.geography.boundaries import countries, unwrapped


def test_a_ring_that_does_not_cross_the_date_line_stays_as_it_is():
    ring = [(6.0, 51.0), (7.0, 51.0), (7.0, 52.0)]
    assert unwrapped(ring) == [ring]


def test_a_ring_across_the_date_line_is_continuous_and_drawn_again_on_the_other_side():
    fiji = [(179.0, -16.0), (180.0, -16.5), (-180.0, -16.5), (-179.5, -17.0), (-180.0, -17.5), (180.0, -17.5)]
    east, west = unwrapped(fiji)
    assert [lon for lon, _lat in east] == [179.0, 180.0, 180.0, 180.5, 180.0, 180.0]
    assert [lon for lon, _lat in west] == [-181.0, -180.0, -180.0, -179.5, -180.0, -180.0]
    assert all(abs(b[0] - a[0]) <= 180 for path in (east, west) for a, b in zip(path, path[1:], strict=False))


def test_no_ring_of_the_bundled_boundaries_steps_across_the_map_once_unwrapped():
    for rings in countries().values():
        for ring in rings:
            for path in unwrapped(ring.points):
                assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(path, [*path[1:], path[0]], strict=True))
