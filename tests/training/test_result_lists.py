"""Results lists (learned engine): each entry of a ranking told in one sentence ("A won 54
percent, followed by B with 20 percent and C with 9 percent") becomes a sentence of its
own, with the host's predicate or "followed with", and the host's part loses the list.
Every sentence here is invented."""

from __future__ import annotations

import pytest

from extraction.engines.learned.result_lists import list_entries
from extraction.engines.rules.engine import load_model
from extraction.engines.rules.quantities import find_figures
from tests.training.part_samples import split_parts as parts


def test_each_entry_takes_the_hosts_verb_and_what_its_figure_is_of() -> None:
    assert parts(
        "Smith won 54.2 percent of the vote, followed by Jones with 20.1 percent, Brown"
        " with 9.3 percent and Green with 2.2 percent."
    ) == [
        ("Smith won 54.2 percent of the vote.", 54.2),
        ("Jones won 20.1 percent of the vote.", 20.1),
        ("Brown won 9.3 percent of the vote.", 9.3),
        ("Green won 2.2 percent of the vote.", 2.2),
    ]


def test_auxiliaries_prepositions_and_titles_come_along() -> None:
    assert parts(
        "Germany would account for about 55 percent of the insured loss, followed by the"
        " Netherlands with 22 percent and Belgium with 14 percent."
    ) == [
        ("Germany would account for about 55 percent of the insured loss.", 55),
        ("The Netherlands would account for 22 percent of the insured loss.", 22),
        ("Belgium would account for 14 percent of the insured loss.", 14),
    ]
    found = parts(
        "Nora Blum was backed by 38 percent of the members surveyed, followed by"
        " Wellington lawyer Tim Dunn with 27 percent and councillor Pia Ram with 11 percent."
    )
    assert found[0] == ("Nora Blum was backed by 38 percent of the members surveyed.", 38)
    assert found[1] == (
        "Wellington lawyer Tim Dunn was backed by 27 percent of the members surveyed.",
        27,
    )
    assert found[2][0].startswith("Councillor Pia Ram was backed by 11 percent")


def test_entries_follow_when_the_host_predicate_is_not_theirs() -> None:
    # a ranking verb with its preposition ("led with") and a host with an object of its own
    assert parts(
        "On the first ballot Ann Holt led with 1,842 votes, or 38.4 per cent, followed by"
        " Bo Kerr with 1,510 votes, or 31.5 per cent, and Cy Lamb with 421 votes, or 8.8"
        " per cent."
    ) == [
        ("On the first ballot Ann Holt led with 1,842 votes.", 1842),
        ("Bo Kerr followed with 1,510 votes, or 31.5 per cent.", 1510),
        ("Cy Lamb followed with 421 votes, or 8.8 per cent.", 421),
    ]
    found = parts(
        "Oland recorded the highest rate at 38.1 percent, followed by the Varn Islands"
        " with 36.4 percent and Tessia with 34.0 percent."
    )
    assert found[1:] == [
        ("The Varn Islands followed with 36.4 percent.", 36.4),
        ("Tessia followed with 34.0 percent.", 34.0),
    ]


def test_a_list_without_a_host_figure_follows() -> None:
    assert parts(
        "The two were followed by Anna Lee with 12.5 percent, Tom Ray with 6.4 percent,"
        " and Paul Kerr with 3.1 percent."
    ) == [
        ("Anna Lee followed with 12.5 percent.", 12.5),
        ("Tom Ray followed with 6.4 percent.", 6.4),
        ("Paul Kerr followed with 3.1 percent.", 3.1),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # one "with" phrase is no list
        "Acme won the contract with 40 percent of the bids, and Bolt took 12 percent.",
        # "with" after a common noun is no entry
        "The firm with 300 staff and the agency with 40 staff merged on Monday.",
    ],
)
def test_sentences_without_two_named_entries_are_no_list(text: str) -> None:
    tokens = list(load_model()(text))
    assert list_entries(tokens, find_figures(tokens)) == {}


def test_bracketed_shares_stay_with_the_figure_split() -> None:
    # "A (4.4 percent), B (2.7 percent)": the figure split already reads these well
    found = parts(
        "Anna Berg (41.2 percent), Tom Lund (30.5 percent) and Eva Holm (8.1 percent)"
        " trailed far behind the winner."
    )
    assert [value for _, value in found] == [41.2, 30.5, 8.1]
    assert all(statement.endswith("trailed far behind the winner.") for statement, _ in found)
