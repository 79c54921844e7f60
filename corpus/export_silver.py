#!/usr/bin/env python3
"""Write one extraction run of the corpus as a silver gold file (CLAIMS.md gold format).

The run is a replay of strong-model answers through ClaimDesk's own `openai` engine (see
corpus/README.md), so its claims went through the product's parsing, validation and grounding.
Each line is one article: the corpus record's metadata, the article text exactly as the pipeline
stored it, the claims, and `label_source` naming where the labels came from. A claim whose
evidence was not located in the text is left out (counted on stderr); a claim grounded after
normalisation or fuzzily gets the located span of the text as its evidence, so that every
evidence is an exact substring, as the gold format requires.

Usage: export_silver.py DB RUN_ID CORPUS.jsonl OUT.jsonl --label-model NAME
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import duckdb

CLAIM_SQL = """
SELECT c.article_id, c.idx, c.statement, c.claimant, c.claimant_type, c.via, c.quantity_value,
       c.quantity_unit, c.quantity_qualifier, c.claim_date, c.certainty, c.evidence,
       c.evidence_start, c.evidence_end, c.alignment_status
FROM claims c WHERE c.run_id = ? ORDER BY c.article_id, c.idx
"""
ARTICLE_SQL = """
SELECT a.id, a.external_id, a.text, x.status
FROM extractions x JOIN articles a ON a.id = x.article_id
WHERE x.run_id = ?
"""
RUN_SQL = "SELECT engine, model, prompt_version, prompt_hash FROM runs WHERE id = ?"


def claim_record(row: tuple[Any, ...], text: str) -> dict[str, Any] | None:
    """One stored claim as a gold claim, or None when its evidence was not located."""
    (
        _,
        _,
        statement,
        claimant,
        ctype,
        via,
        qv,
        qu,
        qq,
        date,
        certainty,
        evidence,
        start,
        end,
        status,
    ) = row
    if status == "not_found" or start is None or end is None:
        return None
    if status != "exact" or text[start:end] != evidence:
        evidence = text[start:end]
    quantity = None if qv is None else {"value": qv, "unit": qu, "qualifier": qq}
    return {
        "statement": statement,
        "claimant": claimant,
        "claimant_type": ctype,
        "via": via,
        "quantity": quantity,
        "claim_date": None if date is None else date.isoformat(),
        "certainty": certainty,
        "evidence": evidence,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("run_id")
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument(
        "--label-model", required=True, help="who answered, e.g. 'strong-model (helper session)'"
    )
    args = parser.parse_args(argv)
    corpus = {
        record["id"]: record
        for record in map(json.loads, Path(args.corpus).read_text(encoding="utf-8").splitlines())
    }
    con = duckdb.connect(args.db, read_only=True)
    engine, model, prompt_version, prompt_hash = con.execute(RUN_SQL, [args.run_id]).fetchone()
    articles = {
        aid: (ext, text, status)
        for aid, ext, text, status in con.execute(ARTICLE_SQL, [args.run_id]).fetchall()
    }
    claims: dict[str, list[dict[str, Any]]] = {aid: [] for aid in articles}
    dropped = 0
    for row in con.execute(CLAIM_SQL, [args.run_id]).fetchall():
        record = claim_record(row, articles[row[0]][1])
        if record is None:
            dropped += 1
        else:
            claims[row[0]].append(record)
    source = {
        "kind": "strong-model labels",
        "answered_by": args.label_model,
        "engine": engine,
        "model": model,
        "prompt_version": prompt_version,
        "prompt_hash": prompt_hash,
        "run_id": args.run_id,
    }
    lines, failed = [], 0
    for aid, (ext, text, status) in sorted(articles.items(), key=lambda item: item[1][0] or ""):
        if status != "done":
            failed += 1
            continue
        meta = corpus[ext]
        lines.append(
            {
                "id": ext,
                "title": meta["title"],
                "publication": meta["publication"],
                "published": meta["published"],
                "url": None,
                "genre": meta["genre"],
                "topic": meta["topic"],
                "label_source": source,
                "text": text,
                "claims": claims[aid],
            }
        )
    Path(args.out).write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    n_claims = sum(len(line["claims"]) for line in lines)
    print(
        f"{len(lines)} articles, {n_claims} claims written to {args.out}; "
        f"{dropped} ungrounded claims left out; {failed} articles not done",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
