"""Prose blocks, furniture and quotations (extraction/engines/rules/segments.py)."""

from __future__ import annotations

from extraction.engines.rules.segments import (
    is_cut_off_paragraph,
    is_furniture_line,
    is_headline,
    prose_blocks,
    quote_spans,
    quoted_share,
)

PAGE = """Skip to content
Flood Waters Reach the Old Town as River Breaks Its Banks
by Jane Doe October 18, 2024 2:05 PM
Residents wade through a flooded street. (Photo: Jane Doe / AFP)

The river rose 2 meters overnight, the city said on Friday.

"We have never seen this," the mayor said.

Photo: a flooded street.

Related posts
A long teaser about another story that is cut in the middle of a
"""


def blocks_text(text: str) -> list[str]:
    return [text[block.start : block.end] for block in prose_blocks(text)]


def test_prose_blocks_keep_only_prose() -> None:
    padded = PAGE + "\n" + "Filler line of the page trailer without an end\n" * 3
    assert blocks_text(padded) == [
        "The river rose 2 meters overnight, the city said on Friday.",
        '"We have never seen this," the mayor said.',
    ]


def test_block_offsets_index_the_text() -> None:
    for block in prose_blocks(PAGE):
        assert PAGE[block.start : block.end].strip() == PAGE[block.start : block.end]


def test_hard_wrapped_lines_are_merged() -> None:
    text = "The council voted to close the\nbridge on Monday, officials said.\n"
    assert blocks_text(text) == [
        "The council voted to close the\nbridge on Monday, officials said."
    ]


def test_trailer_heading_in_second_half_drops_the_rest() -> None:
    lede = "The river rose 2 meters overnight and flooded the old town, the city said on Friday."
    text = f"{lede}\n\nMore news\n\nA teaser sentence that ends well."
    assert blocks_text(text) == [lede]


def test_furniture_lines() -> None:
    assert is_furniture_line("Photo for illustrative purposes.")
    assert is_furniture_line("Advertisement")
    assert is_furniture_line("This audio is created with AI assistance")
    assert is_furniture_line("Residents wade through a flooded street (Getty Images)")


def test_calls_to_action_templates_and_in_this_captions_are_furniture() -> None:
    assert is_furniture_line("To hear the full interview, click here.")
    assert is_furniture_line(
        "You've reached your limit of {{free_limit}} free articles this month."
    )
    assert is_furniture_line("In this March 3, 2021 photo provided by the port, cranes stand idle.")
    assert is_furniture_line("In this file image, a ferry docks at Harwick.")
    # an "In this ..." sentence that names no picture is prose
    assert not is_furniture_line("In this case, the court ruled for the city council.")
    assert not is_furniture_line("In this town of 4,000 people, two bakeries closed in May.")
    assert not is_furniture_line("The river rose 2 meters, the city said.")


def test_headlines() -> None:
    assert is_headline("Flood Waters Reach the Old Town as River Breaks Its Banks.")
    assert not is_headline("The river rose 2 meters overnight, the city said.")


def test_quote_spans_curly_and_straight() -> None:
    text = 'He said “it rained” and "it flooded" today.'
    spans = quote_spans(text, prose_blocks(text))
    assert [text[start:end] for start, end in spans] == ["“it rained”", '"it flooded"']


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = '"The first part of a long quote.\n\n"The second part," she said.'
    spans = quote_spans(text, prose_blocks(text))
    assert [text[start:end] for start, end in spans] == [
        '"The first part of a long quote.',
        '"The second part,"',
    ]


def test_quoted_share() -> None:
    text = '"All of this is quoted."'
    spans = quote_spans(text, prose_blocks(text))
    assert quoted_share(0, len(text), spans, text) == 1.0
    assert quoted_share(0, 3, [], text) == 0.0


def test_cut_off_last_paragraph_is_kept() -> None:
    """A paste that ends where the page preview ended keeps its last paragraph's full
    sentences (real pages are often cut at about 2,000 characters)."""
    lede = "The river rose 2 meters overnight, the city said on Friday."
    cut = (
        "Total spending over the decade was about $3.1 trillion, half of it on wind power."
        " The region led the way, committing about $420 billion between 2012 and 2021. The ci"
    )
    assert blocks_text(f"{lede}\n\n{cut}") == [lede, cut]


def test_cut_off_paragraph_only_at_the_end_and_only_prose() -> None:
    lede = "The river rose 2 meters overnight, the city said on Friday."
    teaser = (
        "A long teaser about another story that runs on for a while. It is cut in the middle"
        " of a sentence that never ends because the page"
    )
    # not last: a teaser between paragraphs stays furniture
    assert blocks_text(f"{teaser}\n\n{lede}") == [lede]
    assert is_cut_off_paragraph(teaser)
    assert not is_cut_off_paragraph("Sign up for our newsletter and get the news every morning")


def test_a_last_paragraph_of_one_long_sentence_cut_mid_word_is_kept() -> None:
    lede = "The river rose 2 meters overnight, the city said on Friday."
    cut = (
        "Mayor Jonas Berg said the city was unaware of any injuries caused by the flooding"
        " so far but warned residents of the lower town to stay away from the riverb"
    )
    assert blocks_text(f"{lede}\n\n{cut}") == [lede, cut]
    # a short line without a final mark, or a credit line, is still furniture
    assert blocks_text(f"{lede}\n\nRead more about the floods in the regi") == [lede]
    credit = "Reporting by Anna Holm in Gdansk; Editing by Tom Berg and Lena Ostrova"
    assert blocks_text(f"{lede}\n\n{credit}") == [lede]
    assert not is_cut_off_paragraph("One sentence cut in the middle of a")
