"""Lenient parsing after the last re-ask: keep every claim that validates on its own."""

from __future__ import annotations

import json

import pytest
from llm_fakes import fixture_json

from extraction.engines.llm.parsing import (
    UnparseableResponseError,
    completion_payload,
    recover_claims,
    recover_from_completion,
)

GOOD = {"statement": "40 people died.", "claimant": "the ministry", "evidence": "40 died."}


def test_the_payload_is_the_tool_call_or_the_content() -> None:
    tools = fixture_json("tools_valid.json")
    assert json.loads(completion_payload(json.dumps(tools)))["claims"]
    content = fixture_json("json_content_valid.json")
    assert completion_payload(json.dumps(content)).startswith('{"claims"')
    with pytest.raises(UnparseableResponseError):
        completion_payload("not json")
    with pytest.raises(UnparseableResponseError):
        completion_payload(json.dumps({"choices": []}))


def test_invalid_claims_are_dropped_and_unknown_keys_ignored() -> None:
    payload = json.dumps(
        {
            "claims": [
                GOOD,
                {**GOOD, "confidence": 0.9},
                {**GOOD, "claimant_type": "ngo"},
                {"statement": "no evidence"},
                "just a string",
            ]
        }
    )
    recovered = recover_claims(payload)
    assert len(recovered.claims) == 2 and len(recovered.dropped) == 3
    assert "#3 claimant_type" in recovered.dropped[0] and "#4 evidence" in recovered.dropped[1]
    assert recovered.note() is not None and "kept 2 of 5 claims" in (recovered.note() or "")


def test_fenced_bare_lists_and_single_objects_are_read() -> None:
    assert len(recover_claims("```json\n" + json.dumps({"claims": [GOOD]}) + "\n```").claims) == 1
    assert len(recover_claims(json.dumps([GOOD, GOOD])).claims) == 2
    assert len(recover_claims(json.dumps(GOOD)).claims) == 1
    assert recover_claims('{"claims": []}').note() is None


def test_complete_items_of_a_truncated_array_are_recovered() -> None:
    full = json.dumps({"claims": [GOOD, {**GOOD, "statement": "Second claim."}, GOOD]})
    cut = full[: full.rindex("{") + 20]
    recovered = recover_claims(cut)
    assert recovered.truncated and len(recovered.claims) == 2
    truncated = recover_from_completion(json.dumps(fixture_json("tools_truncated.json")))
    assert [c.claimant for c in truncated.claims] == ["the regional governor"]


def test_text_without_json_is_unparseable() -> None:
    for text in ("I cannot help with that.", '{"answer": 42}', '{"claim'):
        with pytest.raises(UnparseableResponseError):
            recover_claims(text)
