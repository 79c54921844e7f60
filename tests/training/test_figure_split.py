"""Figure splits (learned engine): one proposition per figure where a clause states
several separate figures, and none where its figures make one claim."""

from __future__ import annotations

from extraction.engines.learned.figure_split import figure_variants
from extraction.engines.rules.engine import load_model
from extraction.engines.rules.statements import build_statement
from tests.training.part_samples import split_parts


def variants(sentence: str) -> list[tuple[str, float]]:
    doc = load_model()(sentence)
    found = figure_variants(list(next(iter(doc.sents))))
    return [
        (build_statement(sentence, tokens), figure.to_quantity().value) for tokens, figure in found
    ]


def test_a_list_of_counted_nouns_gives_one_proposition_per_figure() -> None:
    found = variants("The regulator fined 12 banks and another 30 brokers on Tuesday.")
    assert [value for _, value in found] == [12, 30]
    first, second = (statement for statement, _ in found)
    assert "12 banks" in first and "30" not in first
    assert "30 brokers" in second and "12" not in second
    assert second.startswith("The regulator fined")


def test_names_with_their_shares_in_brackets_are_split_by_name() -> None:
    found = variants(
        "Anna Berg (41.2 percent), Tom Lund (30.5 percent) and Eva Holm (8.1 percent)"
        " trailed far behind the winner."
    )
    assert [value for _, value in found] == [41.2, 30.5, 8.1]
    for (statement, _), name, other in zip(
        found,
        ("Anna Berg", "Tom Lund", "Eva Holm"),
        ("Eva Holm", "Anna Berg", "Tom Lund"),
        strict=True,
    ):
        assert name in statement and other not in statement
        assert statement.endswith("trailed far behind the winner.")


def test_a_clause_of_its_own_keeps_its_own_subject() -> None:
    found = variants("Exports rose 4 percent in May, while imports fell 2 percent.")
    assert [value for _, value in found] == [4, 2]
    assert found[0][0] == "Exports rose 4 percent in May."
    assert found[1][0] == "Imports fell 2 percent."


def test_figures_of_one_claim_are_not_split() -> None:
    # a change and its new level, a conversion in brackets, a restatement with "or"
    assert variants("Quarterly profit fell 12 percent to $310 million, the company said.") == []
    assert variants("Winds reached 150 kph (93 mph) along the northern coast.") == []
    assert variants("Net income was $52 million, or 40 cents a share, in the quarter.") == []


def test_clause_parts_are_split_by_figure_too() -> None:
    parts = split_parts(
        "The storm killed 3 people and 20 cattle in the valley, and it destroyed"
        " the old bridge near the dam, officials said."
    )
    figures = [value for _, value in parts]
    assert 3 in figures and 20 in figures
    assert any("bridge" in statement and value is None for statement, value in parts)


def test_a_reported_figure_list_is_split_without_its_reporting_frame() -> None:
    parts = split_parts(
        "The election board confirmed that Maria Lund took 52.4% of the vote, while"
        " Peter Holm picked up 41.2%."
    )
    assert parts == [
        ("Maria Lund took 52.4% of the vote.", 52.4),
        ("Peter Holm picked up 41.2%.", 41.2),
    ]


def test_a_conjoined_verb_borrows_the_subject_unless_it_holds_the_other_figure() -> None:
    found = variants("The flood destroyed 800 homes and badly damaged 2,300 others.")
    assert found == [
        ("The flood destroyed 800 homes.", 800),
        ("The flood badly damaged 2,300 others.", 2300),
    ]


def test_an_including_phrase_is_no_part_of_its_own() -> None:
    """ "was around 4,000, including 300 engineers" made "... was around including 300
    engineers.": the phrase stays with its host."""
    found = variants(
        "The agency estimated that the number of workers sent abroad was around 4,000,"
        " including 300 engineers."
    )
    assert not any("around including" in statement for statement, _ in found)
    assert len(found) <= 1
