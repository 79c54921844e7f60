"""Figures, qualifiers, units and ranges (extraction/engines/rules/quantities.py)."""

from __future__ import annotations

import pytest

from extraction.engines.rules.engine import load_model
from extraction.engines.rules.quantities import find_figures, main_quantity, parse_number
from extraction.schema import Qualifier, Quantity


def quantity_of(sentence: str) -> Quantity | None:
    """The main quantity of a made-up sentence."""
    return main_quantity(list(load_model()(sentence)))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("11,000", 11000),
        ("1.5", 1.5),
        ("300", 300),
        ("three", 3),
        ("twenty-five", 25),
        ("2bn", 2e9),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["thousands", "several", "11th", "2:05", ""])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("Close to 4,000 workers joined the strike.", Qualifier.about),
        ("About 4,000 workers joined the strike.", Qualifier.about),
        ("Around 4,000 workers joined the strike.", Qualifier.about),
        ("Nearly 4,000 workers joined the strike.", Qualifier.about),
        ("Roughly 4,000 workers joined the strike.", Qualifier.about),
        ("Some 4,000 workers joined the strike.", Qualifier.about),
        ("An estimated 4,000 workers joined the strike.", Qualifier.about),
        ("Up to 4,000 workers joined the strike.", Qualifier.at_most),
        ("As many as 4,000 workers joined the strike.", Qualifier.at_most),
        ("At most 4,000 workers joined the strike.", Qualifier.at_most),
        ("More than 4,000 workers joined the strike.", Qualifier.at_least),
        ("Over 4,000 workers joined the strike.", Qualifier.at_least),
        ("At least 4,000 workers joined the strike.", Qualifier.at_least),
        ("4,000 workers or more joined the strike.", Qualifier.at_least),
        ("Exactly 4,000 workers joined the strike.", Qualifier.exact),
        ("The crowd was estimated at 4,000 workers.", Qualifier.about),
        # "up" belongs to the verb: the figure is the new level, not a bound
        ("The payroll ticked up to 4,000 workers in March.", Qualifier.exact),
        ("Hiring has gone up to 4,000 workers this winter.", Qualifier.exact),
        ("The plant will cut up to 4,000 workers next year.", Qualifier.at_most),
        ("4,000 workers joined the strike.", Qualifier.exact),
    ],
)
def test_qualifiers(sentence: str, qualifier: Qualifier) -> None:
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert quantity.value == 4000
    assert quantity.unit == "workers"
    assert quantity.qualifier is qualifier


@pytest.mark.parametrize(
    "sentence",
    [
        "Between 7,000 and 9,000 refugees crossed the border.",
        "7,000 to 9,000 refugees crossed the border.",
        "7,000-9,000 refugees crossed the border.",
    ],
)
def test_range_takes_upper_bound_at_most(sentence: str) -> None:
    quantity = quantity_of(sentence)
    assert quantity == Quantity(value=9000, unit="refugees", qualifier=Qualifier.at_most)


def test_range_framed_as_estimate_takes_midpoint_about() -> None:
    quantity = quantity_of("About 7,000 to 9,000 refugees crossed the border.")
    assert quantity == Quantity(value=8000, unit="refugees", qualifier=Qualifier.about)


def test_change_from_to_is_the_new_value() -> None:
    quantity = quantity_of("Unemployment fell from 4.2 percent to 3.9 percent last year.")
    assert quantity == Quantity(value=3.9, unit="percent", qualifier=Qualifier.exact)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("The fund approved a $1.1 billion loan for the city.", 1.1e9, "USD"),
        ("The company lost €2 million in the quarter.", 2e6, "EUR"),
        ("The club paid 40 million pounds for the striker.", 4e7, "GBP"),
        ("Prices rose 3 percent in March.", 3, "percent"),
        ("Prices rose 3% in March.", 3, "percent"),
        ("Prices rose 3 per cent in March.", 3, "percent"),
        ("About 1.5 million people fled the floods.", 1.5e6, "people"),
        ("Three generals were dismissed on Friday.", 3, "generals"),
        ("The total of flooded homes was 2,300.", 2300, "homes"),
    ],
)
def test_units(sentence: str, value: float, unit: str) -> None:
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands of people marched in the capital.",
        "Several thousand people marched in the capital.",
        "The 11th brigade moved to the front in 2023.",
        "The meeting ended at 7:30 p.m. on Oct. 17.",
        "A 45-year-old man was arrested on Monday.",
        "The two countries signed a treaty.",
        "The first convoy arrived in March 2022.",
        "The No. 3 carrier cancelled flights on Monday.",
    ],
)
def test_no_quantity(sentence: str) -> None:
    assert quantity_of(sentence) is None


def test_main_quantity_prefers_the_first_figure_in_digits() -> None:
    quantity = quantity_of(
        "Two brigades of up to 6,000 soldiers each are training, officials said."
    )
    assert quantity == Quantity(value=6000, unit="soldiers", qualifier=Qualifier.at_most)


def test_find_figures_lists_every_figure_in_order() -> None:
    figures = find_figures(
        list(load_model()("Around 12,000 troops, including 500 officers, arrived."))
    )
    assert [(figure.value, figure.unit) for figure in figures] == [
        (12000, "troops"),
        (500, "officers"),
    ]


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        # a change and the level it reached are not a range
        ("Exports fell by 2,000 to 95,000 last month.", 2000, Qualifier.exact),
        # (the level a percent change reached is the claim's figure)
        ("Sales dropped 14% to 3.2 billion euros.", 3.2e9, Qualifier.exact),
        ("Output rose from 4 percent to 6 percent.", 6, Qualifier.exact),
        ("The bill could reach 3 to 5 inches of snow.", 5, Qualifier.at_most),
        # qualifiers of comparison
        ("The losses could exceed 900 homes.", 900, Qualifier.at_least),
        ("The real figure is closer to 650,000.", 650000, Qualifier.about),
    ],
)
def test_changes_and_comparison_qualifiers(
    sentence: str, value: float, qualifier: Qualifier
) -> None:
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert quantity.value == value
    assert quantity.qualifier is qualifier


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("A magnitude 7.1 quake killed at least 40 villagers.", 40),
        ("A 5.9-magnitude tremor damaged 120 homes.", 120),
        ("The Category 3 storm cut power to 8,000 homes.", 8000),
        ("Seismologists measured the shock at magnitude 5.9.", 5.9),
    ],
)
def test_scale_readings_come_after_counts(sentence: str, value: float) -> None:
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert quantity.value == value


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        # a scale suffix on a number with thousands separators
        (
            "The plan trims the €1,250bn budget the ministers first proposed.",
            1.25e12,
            "EUR",
        ),
        # "6bn" tagged ORDINAL by the NER is still a figure
        ("The agreement sets up a special €6bn fund for rural rail lines.", 6e9, "EUR"),
        # a dash glued between a word and the figure
        (
            "The mayor won a clear majority—63.4 percent—of the votes cast.",
            63.4,
            "percent",
        ),
        # hundredths of a currency are given as the currency
        ("Shares of the ferry operator fell 32 cents, to $4.10.", 0.32, "USD"),
        ("The shares lost 12 pence in London trading.", 0.12, "GBP"),
        # South Asian scale words and the rupee abbreviation
        (
            "Officials said that over 2.4 lakh people had left their homes.",
            240000,
            "people",
        ),
        ("A one-off charge of Rs 94 crore hit the quarter's profit.", 9.4e8, "INR"),
    ],
)
def test_figures_written_the_way_real_pages_write_them(
    sentence: str, value: float, unit: str
) -> None:
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


def test_a_spelled_out_number_split_by_its_hyphen_is_one_figure() -> None:
    figures = find_figures(list(load_model()("Forty-two people, including 30 miners, got out.")))
    assert [(figure.value, figure.unit) for figure in figures] == [(42, "people"), (30, "miners")]


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("The coach had led the club for 20 months.", 20, "months"),
        ("The council has 60 days to answer the complaint.", 60, "days"),
        # a length of time is the main figure only when the clause has no other
        ("Five riders were hurt over the past 24 hours.", 5, "riders"),
    ],
)
def test_a_length_of_time_is_a_figure_of_last_resort(
    sentence: str, value: float, unit: str
) -> None:
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (value, unit)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # a street address in a police report is no figure
        ("Police were called to a fight in the 500 block of Elm Street; two men were hurt.", 2),
        # blocks that are counted stay figures
        ("The storm flattened 300 blocks of flats in the port.", 300),
    ],
)
def test_an_address_block_is_no_figure(sentence: str, value: float) -> None:
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert quantity.value == value


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("At least a dozen shops have closed since March.", 12, Qualifier.at_least),
        ("Nearly a dozen homes were damaged in the storm.", 12, Qualifier.about),
        ("Traders priced about a 31% chance of a hike.", 31, Qualifier.about),
        ("Sales topped 4 million units last year.", 4e6, Qualifier.at_least),
        ("It gives a 10% chance of rain on Friday.", 10, Qualifier.exact),
    ],
)
def test_a_qualifier_before_an_article(sentence: str, value: float, qualifier: Qualifier) -> None:
    """'at least a dozen', 'about a 31% chance': an article between a qualifier and the
    figure does not hide it; a bare article qualifies nothing."""
    quantity = quantity_of(sentence)
    assert quantity is not None and (quantity.value, quantity.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "qualifier"),
    [
        ("The ministry paid €2.3m to consultancy firms.", 2.3e6, "EUR", Qualifier.exact),
        ("The firm paid £40m in fines.", 4e7, "GBP", Qualifier.exact),
        ("The sprinter won the 100m final in Rome.", 100, "m", Qualifier.exact),
        ("About two dozen residents protested at the gate.", 24, "residents", Qualifier.about),
        ("The county board voted 4-1 to approve the deal.", 4, None, Qualifier.exact),
        ("Councillors voted 31 to 24 to close two libraries.", 31, None, Qualifier.exact),
        ("The talks have taken three and a half years.", 3.5, "years", Qualifier.exact),
        ("Between 11,000 and 12,000 troops were sent.", 12000, "troops", Qualifier.at_most),
    ],
)
def test_scale_suffixes_dozens_fractions_and_tallies(
    sentence: str, value: float, unit: str | None, qualifier: Qualifier
) -> None:
    """'€2.3m' is millions (a glued 'm' after a currency only), 'two dozen' is 24, 'three
    and a half' is 3.5, and a tally ('voted 31 to 24', '4-1') is no range: a range runs
    from low to high."""
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert (quantity.value, quantity.qualifier) == (value, qualifier)
    if unit is not None:
        assert quantity.unit == unit


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Sales fell 7% to $2.3 billion in the last financial year.", 2.3e9),
        ("The bank cut its main rate by 150 basis points to 10.5% in October.", 10.5),
        ("Shares jumped 28% in early trading.", 28),
        ("Inflation rose to 3.2% from 2.9% in May.", 3.2),
        ("Exports fell by 2,000 to 95,000 last month.", 2000),
    ],
)
def test_a_percent_change_gives_way_to_the_level_it_reached(sentence: str, value: float) -> None:
    """'fell 7% to $2.3 billion' is about the level; a change alone stays the figure, and a
    change in a count ('by 2,000 to 95,000') is left as it was."""
    quantity = quantity_of(sentence)
    assert quantity is not None and quantity.value == value


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("One to two people die on the road each week.", 2, Qualifier.at_most),
        ("Three to five boats sink there every winter.", 5, Qualifier.at_most),
        ("The side won the final by two to one.", 2, Qualifier.exact),
    ],
)
def test_ranges_in_number_words(sentence: str, value: float, qualifier: Qualifier) -> None:
    """'three to five boats' is a range like '3 to 5 boats'; 'two to one' is a score."""
    quantity = quantity_of(sentence)
    assert quantity is not None and (quantity.value, quantity.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Four of the seven barns were flattened by the storm.", 4, "barns"),
        ("Two of the 40 passengers were taken to hospital.", 2, "passengers"),
        ("The blast killed three of the guards at the depot.", 3, "guards"),
        ("Five of the injured were flown to the regional clinic.", 5, "units"),
    ],
)
def test_a_partitive_counts_its_part_not_the_whole(sentence: str, value: float, unit: str) -> None:
    """ "Four of the seven barns": the claim is about four; seven only names the set."""
    quantity = quantity_of(sentence)
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (value, unit)


def test_a_number_word_subject_counts_a_group_named_before() -> None:
    quantity = quantity_of("Nine were treated for smoke inhalation.")
    assert quantity is not None and quantity.value == 9


@pytest.mark.parametrize(
    "sentence",
    [
        "One said the talks would resume.",
        "She met one of the ministers on Tuesday.",
        "He asked the two to leave the room.",
    ],
)
def test_a_number_word_standing_for_a_person_is_no_figure(sentence: str) -> None:
    assert quantity_of(sentence) is None
