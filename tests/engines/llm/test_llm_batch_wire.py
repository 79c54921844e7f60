"""Batch request bodies are the live engine's requests; batch answers parse like live ones.

The live side is the real openai engine (openai client + instructor) over a mock HTTP
transport that records each request it sends: the body `chunk_requests` builds for a batch
file must equal that recorded request, for every structured-output mode and every chunk.
"""

from __future__ import annotations

import json

import instructor
import pytest
from llm_fakes import FIXTURES, EngineFactory, MockServer, article_fixture, completion

from extraction.engines.llm.pricing import Price, parse_price_table
from extraction.engines.llm.wire import AnswerError, parse_answer
from extraction.schema import Article


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json", "md_json"])
def test_the_batch_body_is_the_request_the_live_engine_sends(
    make_engine: EngineFactory, mode: str
) -> None:
    answer = "json_content_valid.json" if mode != "tools" else "tools_valid.json"
    server = MockServer(completion(answer))
    engine = make_engine(server, mode=mode, seed=0, max_completion_tokens=900, temperature=0.2)
    article = article_fixture()
    live = engine.extract(article)
    recorded = server.bodies()[0]

    [request] = engine.chunk_requests(article)
    assert (request.index, request.count) == (0, 1)
    assert request.body == recorded
    assert request.body["seed"] == 0 and request.body["temperature"] == 0.2
    assert request.body["max_tokens"] == 900
    assert request.cache_key == live.calls[0].cache_key


def test_each_chunk_of_a_long_article_has_the_live_request_of_that_chunk(
    make_engine: EngineFactory,
) -> None:
    base = article_fixture()
    text = "\n\n".join(f"Paragraph {n}. " + base.text for n in range(4))
    article = Article(id=Article.id_for_text(text), text=text, title=base.title)
    server = MockServer(completion("tools_valid.json"))
    engine = make_engine(server, chunk_tokens=300, max_reasks=0)
    engine.extract(article)

    requests = engine.chunk_requests(article)
    assert len(requests) > 1 and [r.index for r in requests] == list(range(len(requests)))
    assert [r.body for r in requests] == server.bodies()


def _raw(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_a_valid_answer_gives_the_claims_a_live_call_gives(make_engine: EngineFactory) -> None:
    article = article_fixture()
    live = make_engine(MockServer(completion("tools_valid.json"))).extract(article)
    parsed = parse_answer(_raw("tools_valid.json"), article.text, instructor.Mode.TOOLS)
    assert parsed.claims == live.claims and parsed.note is None
    json_mode = parse_answer(_raw("json_content_valid.json"), article.text, instructor.Mode.JSON)
    assert json_mode.claims


def test_an_invalid_answer_fails_unless_no_reask_is_left() -> None:
    article = article_fixture()
    with pytest.raises(AnswerError, match="evidence not found") as failure:
        parse_answer(_raw("tools_ungrounded.json"), article.text, instructor.Mode.TOOLS)
    assert failure.value.invalid
    kept = parse_answer(
        _raw("tools_bad_enum.json"), article.text, instructor.Mode.TOOLS, salvage=True
    )
    assert len(kept.claims) == 1 and kept.note and "dropped" in kept.note


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["choices"][0].update(finish_reason="length"), "token limit"),
        (lambda c: c["choices"][0]["message"].update(refusal="I cannot help"), "refused"),
        (lambda c: c.update(choices=[]), "no choices"),
    ],
)
def test_cut_off_refused_or_empty_answers_fail_even_with_salvage(change, message) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(_raw("tools_valid.json"))
    change(data)
    with pytest.raises(AnswerError, match=message) as failure:
        parse_answer(json.dumps(data), article_fixture().text, instructor.Mode.TOOLS, salvage=True)
    assert not failure.value.invalid


def test_a_body_that_is_not_a_chat_completion_fails() -> None:
    with pytest.raises(AnswerError, match="not JSON"):
        parse_answer("<html>", "text", instructor.Mode.TOOLS)


def test_the_batch_price_is_half_unless_the_table_gives_one() -> None:
    table = parse_price_table(
        {
            "gpt-4o-mini": {"prompt": 0.15, "completion": 0.6},
            "gpt-4o": {"prompt": 2.5, "completion": 10, "batch_prompt": 1, "batch_completion": 4},
        },
        "test",
    )
    assert table.batch_cost("gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(0.375)
    assert table.batch_cost("gpt-4o", 1_000_000, 1_000_000) == pytest.approx(5.0)
    assert table.batch_cost("other", 10, 10) is None
    assert Price(prompt=1, completion=2).batch() == Price(prompt=0.5, completion=1.0)
