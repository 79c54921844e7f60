"""Which articles the trainer holds out to tune its thresholds (`split_heldout`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extraction.schema import Article
from extraction.training.sources import LabelledArticle
from extraction.training.trainer import (
    TrainingInputError,
    TrainRequest,
    _check_request,
    split_heldout,
)


def labelled(article_id: str, complete: bool = True) -> LabelledArticle:
    article = Article(id=article_id, text=f"Text of {article_id}.", published=dt.date(2024, 1, 1))
    return LabelledArticle(article=article, claims=(), source="test", complete=complete)


ARTICLES = [labelled(f"dense-{n}") for n in range(10)] + [labelled(f"paste-{n}") for n in range(10)]


def test_held_out_articles_are_a_seeded_share_of_the_complete_ones() -> None:
    train, held = split_heldout(ARTICLES, 0.2, seed=1)
    assert len(held) == 4
    assert sorted(train + held) == list(range(20))
    assert split_heldout(ARTICLES, 0.2, seed=1) == (train, held)


def test_held_out_articles_can_be_drawn_from_matching_ids_only() -> None:
    train, held = split_heldout(ARTICLES, 0.2, seed=1, drawn_from=r"^paste-")
    assert len(held) == 2  # a fifth of the ten matching articles
    assert all(ARTICLES[index].article.id.startswith("paste-") for index in held)
    assert sorted(train + held) == list(range(20))


def test_a_bad_heldout_pattern_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "silver.jsonl"
    source.write_text("{}\n", encoding="utf-8")
    request = TrainRequest(out=tmp_path / "model", files=[source], heldout_from="part[4")
    with pytest.raises(TrainingInputError, match="--heldout-from"):
        _check_request(request)
