"""Long articles: paragraph chunks within a budget, one paragraph of overlap, claims merged."""

from __future__ import annotations

import itertools
import json
from typing import Any

import httpx
from llm_fakes import EngineFactory, MockServer, fixture_json

from extraction.engines.llm.chunking import (
    chunk_text,
    estimate_tokens,
    merge_claims,
    paragraphs,
    same_claim,
)
from extraction.schema import Article, Claim, ClaimantType, Quantity


def _paragraph(n: int, size: int = 300) -> str:
    words = f"Paragraph {n} says the officials counted {n * 100} trucks on the road."
    return (words + " ") * (size // len(words))


def _long_text(count: int) -> str:
    return "\n\n".join(_paragraph(i).strip() for i in range(count))


def test_a_text_within_budget_is_one_chunk() -> None:
    text = "One.\n\nTwo."
    [chunk] = chunk_text(text, budget_tokens=100)
    assert (chunk.start, chunk.end, chunk.text) == (0, len(text), text)
    assert estimate_tokens("abcd" * 10) == 10


def test_long_text_splits_on_paragraphs_with_one_paragraph_overlap() -> None:
    text = _long_text(10)
    chunks = chunk_text(text, budget_tokens=200)
    assert len(chunks) > 2
    spans = paragraphs(text, 800)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 200 * 4
        assert any(chunk.start == s for s, _ in spans), "chunks start on a paragraph"
    for before, after in itertools.pairwise(chunks):
        last_paragraph = before.text.split("\n\n")[-1]
        assert after.text.startswith(last_paragraph), "one paragraph of overlap"
    covered = "".join(text[c.start : c.end] for c in chunks)
    for paragraph in text.split("\n\n"):
        assert paragraph in covered


def test_a_paragraph_over_the_budget_is_split_into_sentences() -> None:
    sentence = "The agency said 40 trucks arrived on Monday. "
    text = sentence * 40
    chunks = chunk_text(text, budget_tokens=100)
    assert len(chunks) > 1
    assert all(len(c.text) <= 400 for c in chunks)
    assert all(c.text.endswith("Monday.") for c in chunks)


def _claim(statement: str, claimant: str | None, evidence: str, **extra: Any) -> Claim:
    return Claim(statement=statement, claimant=claimant, evidence=evidence, **extra)


def test_claims_found_twice_are_merged_and_distinct_ones_kept() -> None:
    evidence = "Close to 11,000 troops are in Russia and will be ready by Nov. 1, Budanov said."
    in_russia = _claim(
        "About 11,000 North Korean troops are in Russia.", "Kyrylo Budanov", evidence
    )
    ready = _claim(
        "North Korean troops will be ready to fight by Nov. 1.", "Kyrylo Budanov", evidence
    )
    again = _claim(
        "About 11,000 North Korean troops are in Russia",
        "kyrylo budanov",
        evidence,
        quantity=Quantity(value=11000, unit="troops"),
    )
    other_claimant = _claim("About 11,000 North Korean troops are in Russia.", "Pentagon", "x")
    merged = merge_claims([[in_russia, ready], [again, other_claimant]])

    assert [c.statement for c in merged] == [
        in_russia.statement,
        ready.statement,
        other_claimant.statement,
    ]
    assert merged[0].quantity == Quantity(value=11000, unit="troops"), "gaps filled from the twin"
    assert not same_claim(in_russia, ready), "two propositions of one sentence stay two claims"
    assert same_claim(in_russia, again)


def test_the_engine_extracts_chunk_by_chunk_and_merges(make_engine: EngineFactory) -> None:
    text = _long_text(6)
    shared = text.split("\n\n")[2]

    def reply(request: httpx.Request) -> httpx.Response:
        user = json.loads(request.content)["messages"][1]["content"]
        body = fixture_json("tools_valid.json")
        claims = [
            {
                "statement": f"Officials counted {n * 100} trucks on the road.",
                "claimant": "officials",
                "claimant_type": "government",
                "evidence": f"Paragraph {n} says the officials counted {n * 100} trucks"
                " on the road.",
            }
            for n in range(6)
            if f"Paragraph {n} says" in user
        ]
        arguments = json.dumps({"claims": claims})
        body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = arguments
        return httpx.Response(200, json=body)

    server = MockServer(reply)
    result = make_engine(server, chunk_tokens=200).extract(Article(id="long", text=text))

    assert len(server.requests) > 1 and shared
    assert [c.statement for c in result.claims] == [
        f"Officials counted {n * 100} trucks on the road." for n in range(6)
    ]
    assert all(c.claimant_type is ClaimantType.government for c in result.claims)
    assert len({c.cache_key for c in result.calls}) == len(server.requests)
    assert result.prompt_tokens == 812 * len(server.requests)
    assert result.notes[0] == f"article split into {len(server.requests)} chunks"


def test_one_answers_claims_from_one_sentence_are_all_kept() -> None:
    """A model's answer gave "Five attackers were killed" and "Two attackers were captured"
    from one sentence: figures in words, the same evidence and similar wording. Both are
    its claims; merging is only for the overlap between chunks."""
    evidence = "Five attackers were killed and two were captured, the ministry said."
    killed = _claim("Five attackers were killed in the raid on the post.", "the ministry", evidence)
    captured = _claim(
        "Two attackers were captured in the raid on the post.", "the ministry", evidence
    )
    assert merge_claims([[killed, captured]]) == [killed, captured]
    repeated = killed.model_copy(
        update={
            "statement": "Five attackers were killed in the raid on the post",
            "evidence": "Five attackers died.",
        }
    )
    assert merge_claims([[killed, repeated]]) == [killed], "a repeated proposition is one claim"


def test_claims_with_different_figures_are_different_claims() -> None:
    evidence = "Five attackers were killed and two were captured, the ministry said."
    killed = _claim(
        "Five attackers were killed in the raid.",
        "the ministry",
        evidence,
        quantity=Quantity(value=5, unit="attackers"),
    )
    captured = _claim(
        "Two attackers were captured in the raid.",
        "the ministry",
        evidence,
        quantity=Quantity(value=2, unit="attackers"),
    )
    assert not same_claim(killed, captured)
    assert merge_claims([[killed], [captured]]) == [killed, captured]
