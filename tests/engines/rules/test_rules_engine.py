"""The rules engine as an Extractor (extraction/engines/rules/engine.py)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extraction.engines import base
from extraction.engines.base import EngineError, EngineSettings, Extractor
from extraction.engines.rules import claims as claims_module
from extraction.engines.rules import documents, lexicon, wordlists
from extraction.engines.rules.engine import RulesEngine, create_engine, rules_hash
from extraction.schema import Article, Claim, ClaimantType

TEXTS = [
    "The storm destroyed 40 houses on Monday, the fire service said.\n\n"
    '"We have never seen anything like it," Chief Ron Diaz said.',
    "Officials said about 2,000 people had been evacuated. Prices rose 3 percent in May.",
    "The council approved a $1.1 billion budget on Tuesday, Mayor Ann Lee told reporters.",
    "According to the ministry, up to 300 schools will close.\u00a0"
    "Teachers\u2019 unions disagreed.",
]


def article(text: str) -> Article:
    return Article(id=Article.id_for_text(text), text=text, published=dt.date(2024, 5, 10))


def test_implements_the_extractor_protocol() -> None:
    engine = create_engine(EngineSettings())
    assert isinstance(engine, Extractor)
    assert engine.name == "rules"
    assert re.fullmatch(
        r"rules-v1\+en_core_web_sm\S*-\d+\.\d+\.\d+\+lists-[0-9a-f]{8}", engine.model
    )
    assert engine.prompt_version == lexicon.RULES_VERSION
    assert re.fullmatch(r"[0-9a-f]{64}", engine.prompt_hash)
    assert engine.parameters["own_voice"] is True
    assert engine.parameters["split_conjuncts"] is True


def test_registered_factory_builds_the_engine() -> None:
    engine = base.create_engine("rules", EngineSettings(options={"own_voice": False}))
    assert isinstance(engine, RulesEngine)
    assert engine.parameters["own_voice"] is False


def test_prompt_hash_and_model_follow_the_word_list_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = RulesEngine()
    first, model = rules_hash(), engine.model
    assert rules_hash() == first
    data = tmp_path / "data"
    shutil.copytree(wordlists.DATA_DIR, data)
    cues = data / "cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8") + '\nEXTRA = ["mumble"]\n', "utf-8")
    monkeypatch.setattr(wordlists, "DATA_DIR", data)
    assert rules_hash() != first
    assert RulesEngine().model != model


def test_evidence_is_verbatim_from_the_text() -> None:
    engine = RulesEngine()
    for text in TEXTS:
        claims = engine.extract(article(text)).claims
        assert claims
        for claim in claims:
            assert claim.evidence in text


def test_own_voice_option() -> None:
    text = "Prices rose 3 percent in May. Officials said 2,000 people had been evacuated."
    with_own = RulesEngine().extract(article(text)).claims
    without_own = RulesEngine(own_voice=False).extract(article(text)).claims
    assert any(claim.claimant is None for claim in with_own)
    assert all(claim.claimant is not None for claim in without_own)
    own = next(claim for claim in with_own if claim.claimant is None)
    assert own.claimant_type is ClaimantType.media
    assert own.claim_date == dt.date(2024, 5, 10)


def test_threads_get_the_same_claims_as_a_single_caller() -> None:
    engine = RulesEngine()
    articles = [article(text) for text in TEXTS] * 3
    sequential = [engine.extract(item).claims for item in articles]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = [result.claims for result in pool.map(engine.extract, articles)]
    assert threaded == sequential


def test_extract_many_matches_extract_in_order() -> None:
    engine = RulesEngine()
    articles = [article(text) for text in TEXTS]
    batched = engine.extract_many(articles, batch_size=3)
    assert [result.claims for result in batched] == [
        engine.extract(item).claims for item in articles
    ]


def test_text_without_prose_gives_no_claims() -> None:
    result = RulesEngine().extract(article("Breaking News From The City Council\nSubscribe"))
    assert result.claims == []
    assert result.calls == []


def test_rule_failure_becomes_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(claims_module, "find_attributions", broken)
    with pytest.raises(EngineError, match="boom"):
        RulesEngine().extract(article(TEXTS[0]))


def test_long_articles_are_parsed_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n\n".join(TEXTS)
    whole = RulesEngine().extract(article(text)).claims
    monkeypatch.setattr(documents, "MAX_DOC_CHARS", 150)
    chunked = RulesEngine().extract(article(text)).claims
    assert [claim.evidence for claim in chunked] == [claim.evidence for claim in whole]
    assert all(claim.evidence in text for claim in chunked)


def claims_of(text: str) -> list[Claim]:
    """The claims of a made-up article text."""
    return RulesEngine().extract(article(text)).claims


def test_said_in_a_statement_that_keeps_its_claimant() -> None:
    claims = claims_of(
        "The port authority said in a statement on Monday that it had closed two terminals."
    )
    claim = next(claim for claim in claims if claim.quantity is not None)
    assert claim.claimant == "the port authority"
    assert claim.quantity is not None and claim.quantity.value == 2
    assert claim.claim_date == dt.date(2024, 5, 6)


def test_denied_reports_that_takes_the_reported_clause() -> None:
    claims = claims_of("The mayor denied reports that the bridge had been closed to trucks.")
    denial = next(claim for claim in claims if claim.certainty.value == "denied")
    assert "bridge had been closed to trucks" in denial.statement


def test_definite_description_resolves_to_the_named_company() -> None:
    text = (
        "Harlow Foods said on Monday it would close 12 stores.\n\n"
        "Sales fell 4% in the quarter, the company said."
    )
    claims = claims_of(text)
    sales = next(claim for claim in claims if "4%" in claim.evidence)
    assert sales.claimant == "Harlow Foods"


def test_short_name_takes_the_full_name() -> None:
    text = (
        "Harlow Foods said on Monday it would close 12 stores.\n\n"
        "Harlow also said it was selling its trucks."
    )
    claims = claims_of(text)
    assert {claim.claimant for claim in claims} == {"Harlow Foods"}


def test_stance_verb_on_a_definite_noun_refers_to_the_previous_claim() -> None:
    text = (
        "Local radio reported that three clinics had run out of vaccine.\n\n"
        "The ministry could not confirm the shortages."
    )
    claims = claims_of(text)
    unconfirmed = next(claim for claim in claims if claim.certainty.value == "unconfirmed")
    assert unconfirmed.claimant == "the ministry"
    assert "clinics had run out of vaccine" in unconfirmed.statement


def test_closing_quote_stays_with_its_sentence() -> None:
    text = (
        '"We waited all night," said Ana Ruiz. "Nobody came."\n\n'
        "The regional council said it had sent 30 buses."
    )
    claims = claims_of(text)
    council = next(claim for claim in claims if claim.quantity is not None)
    assert council.claimant == "the regional council"
    assert council.evidence == "The regional council said it had sent 30 buses."
    assert all("Nobody came" not in claim.evidence for claim in claims if claim is not council)


def test_unverified_figure_keeps_the_figure() -> None:
    text = (
        "Rescuers have found 250 survivors, the charity said.\n\n"
        "The Daily Ledger could not independently verify the figure."
    )
    claims = claims_of(text)
    unverified = next(claim for claim in claims if claim.certainty.value == "unconfirmed")
    assert unverified.quantity is not None and unverified.quantity.value == 250


@pytest.mark.slow
def test_extract_batch_on_worker_processes_matches_extract_in_order() -> None:
    engine = RulesEngine(workers=2)
    engine.MIN_POOL_BATCH = 2
    articles = [article(text) for text in TEXTS] * 2
    try:
        batched = engine.extract_batch(articles)
    finally:
        engine.close()
    expected = [RulesEngine().extract(item) for item in articles]
    assert [result.claims for result in batched] == [result.claims for result in expected]


def test_a_small_batch_stays_in_process_and_close_is_safe() -> None:
    engine = RulesEngine(workers=2)
    results = engine.extract_batch([article(TEXTS[0])])
    assert engine._pool is None and results[0] == engine.extract(article(TEXTS[0]))
    engine.close()
    engine.close()


def test_word_lists_load_typed_and_bad_files_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ("close", "to") in lexicon.QUALIFIERS_BEFORE
    assert isinstance(lexicon.SCALES["million"], float) and lexicon.MONTHS["jan"] == 1
    (tmp_path / "broken.toml").write_text("WORDS = [1, 2]\nMAP = {a = 1}\n", encoding="utf-8")
    monkeypatch.setattr(wordlists, "DATA_DIR", tmp_path)
    with pytest.raises(wordlists.WordListError, match="every entry of WORDS must be a string"):
        wordlists.words("broken", "WORDS")
    with pytest.raises(wordlists.WordListError, match=r"broken.toml has no list OTHER"):
        wordlists.words("broken", "OTHER")
    with pytest.raises(wordlists.WordListError, match=r"MAP.a must be a str"):
        wordlists.mapping("broken", "MAP", str)
