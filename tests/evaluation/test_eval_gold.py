"""The gold loader validates every line and names the line and claim of an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extraction.evaluation.gold import GoldFileError, gold_hash, load_gold
from tests.evaluation.eval_samples import gold_article


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def line_of(**changes: object) -> str:
    data = json.loads(gold_article().model_dump_json())
    data.update(changes)
    return json.dumps(data)


def test_loads_valid_gold_with_group_labels(tmp_path: Path) -> None:
    data = json.loads(line_of(id="g1"))
    data["claims"][0]["group"] = "nk-troops-in-russia"
    path = write_lines(tmp_path / "gold.jsonl", [json.dumps(data), "", line_of(id="g2")])
    articles = load_gold(path)
    assert [article.id for article in articles] == ["g1", "g2"]
    assert articles[0].claims[0].group == "nk-troops-in-russia"
    assert len(articles[1].claims) == 6
    assert len(gold_hash(path)) == 16


def test_rejects_evidence_that_is_not_a_substring_naming_line_and_claim(tmp_path: Path) -> None:
    data = json.loads(line_of(id="g2"))
    data["claims"][2]["evidence"] = "Budanov said the first group of 2,600 troops will be deployed."
    path = write_lines(tmp_path / "gold.jsonl", [line_of(id="g1"), json.dumps(data)])
    with pytest.raises(GoldFileError) as caught:
        load_gold(path)
    message = str(caught.value)
    assert "line 2, claim 2" in message
    assert "not an exact substring" in message


def test_evidence_must_match_exactly_not_after_normalising(tmp_path: Path) -> None:
    data = json.loads(line_of(id="g1"))
    data["claims"][0]["evidence"] = data["claims"][0]["evidence"].replace('"', "\u201c", 1)
    path = write_lines(tmp_path / "gold.jsonl", [json.dumps(data)])
    with pytest.raises(GoldFileError, match="line 1, claim 0"):
        load_gold(path)


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "gold.jsonl", [line_of(id="g1"), '{"id": "g2", "text": '])
    with pytest.raises(GoldFileError, match=r"line 2: invalid JSON"):
        load_gold(path)


def test_non_object_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "gold.jsonl", ["[1, 2]"])
    with pytest.raises(GoldFileError, match="line 1: expected a JSON object"):
        load_gold(path)


def test_schema_error_names_line_claim_and_field(tmp_path: Path) -> None:
    data = json.loads(line_of(id="g1"))
    data["claims"][4]["certainty"] = "probably"
    path = write_lines(tmp_path / "gold.jsonl", [json.dumps(data)])
    with pytest.raises(GoldFileError) as caught:
        load_gold(path)
    assert "line 1, claim 4" in str(caught.value)
    assert "claims.4.certainty" in str(caught.value)


def test_duplicate_ids_and_empty_file(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "gold.jsonl", [line_of(id="g1"), line_of(id="g1")])
    with pytest.raises(GoldFileError, match="duplicate article id 'g1'"):
        load_gold(path)
    empty = write_lines(tmp_path / "empty.jsonl", [""])
    with pytest.raises(GoldFileError, match="no articles"):
        load_gold(empty)
    with pytest.raises(GoldFileError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")


def test_line_separator_inside_text_does_not_split_a_line(tmp_path: Path) -> None:
    article = gold_article(claims=[])
    text = article.text + "\u2028Trailing paragraph."
    data = json.loads(article.model_dump_json())
    data["text"] = text
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    assert load_gold(path)[0].text == text
