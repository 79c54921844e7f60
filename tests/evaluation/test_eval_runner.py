"""The runner extracts each gold line's text with an engine, grounds and scores it."""

from __future__ import annotations

from extraction.evaluation.runner import article_for, run_eval
from extraction.schema import Article, Claim
from tests.evaluation.eval_samples import ScriptedEngine, as_claim, gold_article


def test_runner_extracts_gold_text_and_scores_it() -> None:
    articles = [gold_article("a1"), gold_article("a2")]
    by_id = {article.id: article for article in articles}

    def claims_for(article: Article) -> list[Claim]:
        gold = by_id[str(article.external_id)]
        return [as_claim(claim) for claim in gold.claims[:3]]

    engine = ScriptedEngine(claims_for)
    run = run_eval(articles, engine)
    assert [seen.external_id for seen in engine.seen] == ["a1", "a2"]
    assert engine.seen[0].text == articles[0].text
    assert engine.seen[0].id == Article.id_for_text(articles[0].text)
    assert (run.engine, run.model, run.prompt_version, run.prompt_hash) == (
        "scripted",
        "scripted-1",
        "p1",
        "h1",
    )
    assert run.score.n_matched == 6
    assert run.score.claims.precision == 1.0
    assert run.score.claims.recall == 0.5
    assert all(item.grounding.grounded for item in run.predictions["a1"])
    assert run.prompt_tokens == 6
    assert run.errors == {}


def test_engine_failure_counts_as_no_predictions() -> None:
    articles = [gold_article("a1"), gold_article("a2")]
    engine = ScriptedEngine(lambda article: [], fail_on={"a2"})
    run = run_eval(articles, engine, concurrency=2)
    assert run.errors == {"a2": "server said no"}
    assert run.predictions["a2"] == ()
    assert run.score.n_gold == 12
    assert run.score.claims.recall == 0.0


def test_engine_bug_is_recorded_not_raised() -> None:
    def broken(article: Article) -> list[Claim]:
        raise KeyError("oops")

    run = run_eval([gold_article("a1")], ScriptedEngine(broken))
    assert run.errors["a1"].startswith("KeyError")


def test_article_for_keeps_metadata() -> None:
    gold = gold_article("a1")
    article = article_for(gold)
    assert article.external_id == "a1"
    assert article.published == gold.published
    assert article.title == gold.title


def test_progress_is_reported_per_article() -> None:
    seen: list[str] = []
    run_eval(
        [gold_article("a1"), gold_article("a2")],
        ScriptedEngine(lambda article: []),
        on_progress=lambda article: seen.append(article.id),
    )
    assert seen == ["a1", "a2"]


class _BatchingEngine(ScriptedEngine):
    """Records the batches the runner hands it, and whether it was closed."""

    batch_size = 2

    def __init__(self) -> None:
        super().__init__(lambda article: [])
        self.batches: list[list[str]] = []
        self.closed = False

    def extract_batch(self, articles: list[Article]) -> list[object]:
        self.batches.append([str(article.external_id) for article in articles])
        return [self.extract(article) for article in articles]

    def close(self) -> None:
        self.closed = True


def test_runner_uses_extract_batch_in_the_engines_batch_size_and_closes_the_engine() -> None:
    engine = _BatchingEngine()
    run_eval([gold_article(name) for name in ("a1", "a2", "a3")], engine)
    assert engine.batches == [["a1", "a2"], ["a3"]]
    assert engine.closed
