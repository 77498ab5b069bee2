from veille.corroborate.agreement import compare, interval

from .helpers import claim, containers


def test_thirty_to_forty_percent_smaller_agrees_with_sixty_to_seventy_percent_the_size():
    origin = claim("a", "d1")
    smaller = claim("b", "d2", text="30-40 % kleiner", low=0.6, high=0.7)
    assert compare(origin, smaller, stated=True).kind == "agree"


def test_percent_of_a_ratio_property_is_a_fraction():
    origin = claim("a", "d1")
    korean = claim("b", "d2", low=60, high=70, unit="percent", text="60~70%")
    assert interval(korean).low == 0.6
    assert compare(origin, korean, stated=True).kind == "agree"


def test_two_thirds_falls_inside_sixty_to_seventy_percent():
    two_thirds = claim("b", "d2", low=2 / 3, high=2 / 3, bound="~", text="two-thirds")
    assert compare(claim("a", "d1"), two_thirds).kind == "agree"


def test_larger_than_is_an_inverted_comparison():
    larger = claim("b", "d2", low=1.6, high=1.7, text="60-70% larger")
    assert compare(claim("a", "d1"), larger, stated=True).kind == "inverted"


def test_units_convert_hectares_to_square_metres():
    square_metres = claim("a", "d1", "area", low=15000, high=15000, bound="~",
                          unit="square metre", reference=None)
    hectares = claim("b", "d2", "area", low=1.5, high=1.5, bound="~", unit="hectare",
                     reference=None)
    assert compare(square_metres, hectares).kind == "agree"
    miles = claim("c", "d3", "distance", low=497, high=497, unit="mile", reference=None)
    kilometres = claim("d", "d4", "distance", low=800, high=800, unit="kilometre",
                       reference=None)
    assert compare(kilometres, miles).kind == "agree"
    assert compare(kilometres, claim("e", "d5", "distance", low=1000, high=1000,
                                     unit="kilometre", reference=None)).kind == "conflict"


def test_at_least_is_open_ended_unless_the_stated_figure_is_compared():
    at_least = containers("a", "d1", 10000)
    hundred_thousand = containers("b", "d2", 100000, bound="=")
    assert compare(at_least, hundred_thousand).kind == "agree"
    verdict = compare(at_least, hundred_thousand, stated=True)
    assert verdict.kind == "magnitude" and verdict.power == 1
    assert compare(at_least, containers("c", "d3", 10000, bound=">"), stated=True).kind == "agree"


def test_figures_on_different_dates_are_a_timeline():
    def troops(claim_id, low, month):
        return claim(claim_id, claim_id, "member_count", low=low, high=low, bound="~",
                     unit="soldier", reference=None,
                     qualifiers={"counted": "soldier",
                                 "as_of": {"low": f"2024-{month:02d}-01",
                                           "high": f"2024-{month:02d}-10"}})
    assert compare(troops("a", 10000, 11), troops("b", 12000, 12)).kind == "timeline"
    assert compare(troops("a", 10000, 11), troops("c", 12000, 11)).kind == "conflict"


def test_capacity_and_delivered_quantity_are_different_kinds_of_figure():
    shells = claim("a", "d1", "delivery_count", low=5e6, high=5e6, unit="shell",
                   qualifiers={"counted": "shell"}, reference=None)
    boxes = containers("b", "d2", 10000)
    assert compare(shells, boxes).kind == "incomparable"


def test_round_figures_tolerate_their_rounding_but_not_more():
    about = claim("a", "d1", "count", low=15000, high=15000, unit=None, reference=None)
    assert compare(about, claim("b", "d2", "count", low=15400, high=15400, unit=None,
                                reference=None)).kind == "agree"
    assert compare(about, claim("c", "d3", "count", low=17000, high=17000, unit=None,
                                reference=None)).kind == "conflict"


def test_a_percent_rise_is_a_growth_factor() -> None:
    rise = claim("a", "d1", "production_change", low=700, high=700, bound="up",
                 unit="percent", text="a rise of 700%")
    eightfold = claim("b", "d2", "production_change", low=8, high=8, text="eight times")
    sevenfold = claim("c", "d3", "production_change", low=7, high=7, text="seven times")
    assert interval(rise).low == 8
    assert compare(rise, eightfold).kind == "agree"
    assert compare(rise, sevenfold).kind == "conflict"


def test_the_same_figure_denied_by_one_version_is_a_conflict():
    """"Russia does not produce 100 missiles a month" contradicts "Russia produces 100 a
    month"; two denials of it agree."""
    stated = claim("a", "d1", "production_rate", low=100, high=100, unit="missile",
                   reference=None, modality="reported")
    denied = claim("b", "d2", "production_rate", low=100, high=100, unit="missile",
                   reference=None, modality="denied")
    verdict = compare(stated, denied)
    assert verdict.kind == "conflict" and "denied by the second version" in verdict.detail
    assert compare(denied, claim("c", "d3", "production_rate", low=100, high=100,
                                 unit="missile", reference=None, modality="denied")
                   ).kind == "agree"
    assert compare(denied, claim("d", "d4", "production_rate", low=300, high=300,
                                 unit="missile", reference=None)).kind == "conflict"
