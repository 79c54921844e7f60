"""Evidence highlighting: untrusted article text is escaped, segment by segment."""

from __future__ import annotations

import re

from extraction.review.highlight import (
    Span,
    change_summary,
    changed_fields,
    claim_card_html,
    context_html,
    correction_message,
    escape_markdown,
    figure_text,
    highlight_html,
)
from extraction.schema import Claim, Quantity

HOSTILE = (
    'Intro. <script>alert(1)</script> Officials said <img src=x onerror=alert(1)> "10" & more.'
)


def _tags(markup: str) -> set[str]:
    return {match.lower() for match in re.findall(r"<\s*([a-zA-Z]+)", markup)}


def test_hostile_text_renders_as_text() -> None:
    start = HOSTILE.index("<script>")
    end = HOSTILE.index("onerror=alert(1)>") + len("onerror=alert(1)>")
    markup = highlight_html(HOSTILE, [Span(start, end, "c1", "claim 1", "pending")], "c1")
    assert _tags(markup) == {"div", "mark"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "&quot;10&quot; &amp; more." in markup


def test_unhighlighted_text_is_escaped_too() -> None:
    markup = highlight_html(HOSTILE, [])
    assert _tags(markup) == {"div"}
    assert "<script" not in markup and "<img" not in markup


def test_every_span_is_marked_and_the_selected_one_stands_out() -> None:
    text = "First claim here. Second claim there."
    spans = [Span(0, 17, "a", "claim 1", "accepted"), Span(18, 37, "b", "claim 2", "pending")]
    markup = highlight_html(text, spans, selected="b")
    marks = re.findall(r'<mark class="([^"]+)"[^>]*>([^<]*)</mark>', markup)
    assert marks == [
        ("ev ev-accepted", "First claim here."),
        ("ev ev-selected ev-pending", "Second claim there."),
    ]
    assert markup.count('id="ev-selected"') == 1
    assert 'title="claim 2"' in markup


def test_overlapping_spans_are_split_into_segments() -> None:
    text = "abcdefghij"
    markup = highlight_html(text, [Span(0, 6, "a"), Span(4, 10, "b")], selected="a")
    marks = re.findall(r'<mark class="([^"]+)"[^>]*>([^<]*)</mark>', markup)
    assert [piece for _, piece in marks] == ["abcd", "ef", "ghij"]
    assert "ev-multi" in marks[1][0] and "ev-selected" in marks[1][0]
    assert "ev-selected" not in marks[2][0]
    assert re.sub(r"<[^>]+>", "", markup) == text


def test_spans_outside_the_text_are_clipped_or_dropped() -> None:
    markup = highlight_html("short", [Span(-5, 2, "a"), Span(3, 99, "b"), Span(7, 9, "c")])
    assert re.sub(r"<[^>]+>", "", markup) == "short"
    assert markup.count("<mark") == 2


def test_context_shows_the_evidence_with_escaped_surroundings() -> None:
    text = "<b>before</b>\n\nThe   evidence <i>here</i>.\nafter <script>x</script>"
    start = text.index("The")
    end = text.index(".\nafter") + 1
    markup = context_html(text, start, end, radius=40)
    assert _tags(markup) == {"div", "mark"}
    assert '<mark class="ev ev-selected">The   evidence &lt;i&gt;here&lt;/i&gt;.</mark>' in markup
    assert "&lt;b&gt;before&lt;/b&gt; <mark" in markup
    assert "</mark> after &lt;script&gt;" in markup


def test_markdown_is_neutralised_in_labels() -> None:
    escaped = escape_markdown("![x](http://evil/a.png) **bold** [link](javascript:1)")
    assert "![" not in escaped and "](" not in escaped and "**" not in escaped
    assert escaped.replace("\\", "") == "![x](http://evil/a.png) **bold** [link](javascript:1)"


def test_claim_card_escapes_values_and_marks_changes() -> None:
    before = Claim(statement="<b>Troops</b> moved.", evidence="<b>Troops</b> moved.")
    after = before.model_copy(
        update={
            "claimant": "<img src=x onerror=alert(1)>",
            "quantity": Quantity(value=1.5, unit="t"),
        }
    )
    changed = changed_fields(before, after)
    assert changed == {"claimant", "quantity"}
    markup = claim_card_html(after, changed, title="Yours <script>")
    assert _tags(markup) == {"table", "caption", "tr", "th", "td"}
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert markup.count('class="changed"') == 2


def test_figure_text() -> None:
    assert figure_text(Claim(statement="abc", evidence="e")) == "—"
    claim = Claim(
        statement="abc",
        evidence="e",
        quantity=Quantity(value=11000, unit="troops", qualifier="about"),
    )
    assert figure_text(claim) == "about 11,000 troops"


def test_a_correction_message_says_what_changed_and_is_markdown_safe() -> None:
    before = Claim(statement="Troops moved.", evidence="Troops moved.", via=None)
    after = before.model_copy(update={"via": "[x](javascript:alert(1)) :red[y]"})
    assert change_summary(before, after) == "Via: — → [x](javascript:alert(1)) :red[y]"
    message = correction_message(before, after)
    # Escaped for Markdown: shown literally, no link, no colour.
    assert message == (
        "Corrected and accepted (Via\\: — → \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\:red\\[y\\])"
    )
    assert correction_message(before, before) == "Saved as corrected, but no field changed"
    assert correction_message(None, after) == "Saved as corrected, but no field changed"


def test_a_change_summary_cuts_long_values() -> None:
    before = Claim(statement="A" * 100, evidence="A" * 100)
    after = before.model_copy(update={"statement": "B" * 100})
    summary = change_summary(before, after, width=10)
    assert summary == f"Statement: {'A' * 9}… → {'B' * 9}…"
