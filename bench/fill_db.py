"""Fill a ClaimDesk database with N claims fast, in SQL (`INSERT ... SELECT FROM range()`).

The rows follow the schema of `extraction/store/migrations.py` exactly as the pipeline
and the review code write them: two runs (engines `rules` and `openai`), one article per
10 claims (~4 KB of text, 5 publications, dates over 2024), one extraction per article,
claims whose evidence is a verbatim sentence of the article with its offsets, and
`--reviewed` of the claims accepted by one of 4 reviewers (reviews with the CLAIMS.md
JSON payload `claim_payload` writes). No LLM calls are logged.

    .venv/bin/python bench/fill_db.py 100000 --out /tmp/claimdesk-bench/review-100000.duckdb
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from extraction.store.claims import CLAIM_COLUMNS
from extraction.store.connection import Store
from extraction.store.runs import RunInfo

CLAIMS_PER_ARTICLE = 10
PUBLICATIONS = ["The Kyiv Independent", "Euromaidan Press", "Kyiv Post", "Bench Herald", "Yonhap"]
#: Fixed-width sentences, so evidence offsets are arithmetic.
SENTENCE = "printf('Claim %02d of article %08d: officials said %05d troops moved.', k, i, 1000 + k)"
SENTENCE_LENGTH = len("Claim 00 of article 00000000: officials said 01000 troops moved.")
PREFIX = "printf('Article %08d' || chr(10) || chr(10), i)"
PREFIX_LENGTH = len("Article 00000000\n\n")
FILLER = (
    "Background: the war has continued along the front line for months, and analysts say"
    " the situation remains fluid as both sides report heavy losses. "
)


def _runs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, RunInfo]]:
    runs = []
    for engine, model in (("rules", "rules-v1"), ("openai", "gpt-4o-mini")):
        info = RunInfo(engine=engine, model=model, prompt_version="claims-v1", prompt_hash="bench")
        run_id = f"bench-run-{engine}"
        con.execute(
            "INSERT INTO runs (id, engine, model, prompt_version, prompt_hash, run_key,"
            " parameters, started_at, finished_at, status)"
            " VALUES (?, ?, ?, ?, ?, ?, '{}', now(), now(), 'done')",
            [run_id, engine, model, info.prompt_version, info.prompt_hash, info.run_key],
        )
        runs.append((run_id, info))
    return runs


def fill(path: Path, n_claims: int, reviewed: float = 0.2) -> dict[str, float]:
    """Create `path` (replacing it) holding `n_claims` claims; return counts and seconds."""
    for candidate in (path, path.with_name(path.name + ".wal")):
        if candidate.exists():
            candidate.unlink()
    Store(path).ensure_schema()
    n_articles = max(1, n_claims // CLAIMS_PER_ARTICLE)
    started = time.perf_counter()
    con = duckdb.connect(str(path))
    try:
        con.begin()
        runs = _runs(con)
        con.execute(f"CREATE TEMP MACRO sentence(i, k) AS {SENTENCE}")
        filler = FILLER * 22
        con.execute(
            f"""
            INSERT INTO articles (id, title, publication, published, text, n_chars, ingested_at)
            SELECT printf('a%08d', i), printf('Article %08d: troops on the move', i),
                   list_extract(?, 1 + CAST(i % 5 AS INTEGER)),
                   DATE '2024-01-01' + CAST(i % 366 AS INTEGER),
                   body, length(body), now()
            FROM (
                SELECT i, {PREFIX} || array_to_string(list_transform(
                           range({CLAIMS_PER_ARTICLE}), lambda k: sentence(i, k)), ' ')
                       || chr(10) || chr(10) || ? AS body
                FROM range(?) t(i)
            )
            """,
            [PUBLICATIONS, filler, n_articles],
        )
        for parity, (run_id, info) in enumerate(runs):
            con.execute(
                "INSERT INTO extractions (id, run_id, article_id, run_key, status, n_claims,"
                " created_at) SELECT printf('e%08d', i), ?, printf('a%08d', i), ?, 'done', ?, now()"
                " FROM range(?) t(i) WHERE i % 2 = ?",
                [run_id, info.run_key, CLAIMS_PER_ARTICLE, n_articles, parity],
            )
            con.execute(
                f"""
                INSERT INTO claims ({", ".join(CLAIM_COLUMNS)})
                SELECT printf('c%08d-%02d', i, k), printf('e%08d', i), ?, printf('a%08d', i), k,
                       printf('Officials said %d troops moved (article %d).', 1000 + k, i),
                       printf('Official %d', k % 5), 'government', NULL,
                       1000 + k, 'troops', 'exact', DATE '2024-01-01' + CAST(i % 366 AS INTEGER),
                       CASE WHEN k % 3 = 0 THEN 'hedged' ELSE 'asserted' END,
                       sentence(i, k), {PREFIX_LENGTH} + k * {SENTENCE_LENGTH + 1},
                       {PREFIX_LENGTH} + k * {SENTENCE_LENGTH + 1} + {SENTENCE_LENGTH},
                       'exact', 100.0, ?, ?, ?, now()
                FROM range(?) t(i), range({CLAIMS_PER_ARTICLE}) c(k) WHERE i % 2 = ?
                """,
                [run_id, info.engine, info.model, info.prompt_version, n_articles, parity],
            )
        every = max(1, round(1 / reviewed)) if reviewed > 0 else 0
        if every:
            con.execute(
                f"""
                INSERT INTO reviews (id, claim_id, article_id, reviewer, action, before, after,
                                     created_at, version)
                SELECT 'r' || id, id, article_id, printf('Reviewer %d', idx % 4), 'accept',
                       payload, payload, now() - to_minutes(CAST(idx AS BIGINT)), 1
                FROM (
                    SELECT id, article_id, idx, CAST(json_object(
                        'statement', statement, 'claimant', claimant,
                        'claimant_type', claimant_type, 'via', via,
                        'quantity', json_object('value', quantity_value, 'unit', quantity_unit,
                                                'qualifier', quantity_qualifier),
                        'claim_date', claim_date, 'certainty', certainty, 'evidence', evidence,
                        'grounding', json_object('start', evidence_start, 'end', evidence_end,
                                                 'status', alignment_status,
                                                 'score', alignment_score)
                    ) AS VARCHAR) AS payload
                    FROM claims WHERE hash(id) % {every} = 0
                )
                """
            )
        con.commit()
        counts = {
            table: int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
            for table in ("articles", "claims", "reviews")
        }
    finally:
        con.close()
    seconds = time.perf_counter() - started
    return {
        **counts,
        "fill_seconds": round(seconds, 2),
        "db_mib": round(path.stat().st_size / 2**20, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and fill."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reviewed", type=float, default=0.2, help="share of claims accepted")
    args = parser.parse_args(argv)
    print(fill(args.out, args.claims, args.reviewed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
