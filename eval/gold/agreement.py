"""Inter-annotator agreement: score one annotation of the seeds against another.

Uses ClaimDesk's own scorer (CLAIMS.md rules), matching articles by their text, so the
figures read like an eval: claim F1 and all-correct F1 between two people are the ceiling
an extractor can be expected to reach on this guideline.

    .venv/bin/python eval/gold/agreement.py eval/gold/seeds.jsonl eval/gold/second/seeds.jsonl
"""

from __future__ import annotations

import sys

from extraction.evaluation.gold import load_gold
from extraction.evaluation.scoring import score
from extraction.text.grounding import ground_claims


def main(first_path: str, second_path: str) -> int:
    """Print agreement of `second_path` measured against `first_path` (and the reverse F1)."""
    first = load_gold(first_path)
    second = {article.text: article for article in load_gold(second_path)}
    predictions = {}
    for article in first:
        other = second.get(article.text)
        if other is None:
            print(f"{second_path}: no annotation of article {article.id}", file=sys.stderr)
            return 1
        predictions[article.id] = ground_claims(article.text, other.claims)
    result = score(first, predictions)
    print(f"articles {result.n_articles}  first {result.n_gold} claims  second {result.n_pred}")
    print(
        f"claims      P {result.claims.precision:.3f}  R {result.claims.recall:.3f}"
        f"  F1 {result.claims.f1:.3f}"
    )
    print(
        f"all-correct P {result.all_correct.precision:.3f}  R {result.all_correct.recall:.3f}"
        f"  F1 {result.all_correct.f1:.3f}"
    )
    fields = "  ".join(f"{name} {value:.3f}" for name, value in result.fields.items())
    print(f"fields on matched pairs: {fields}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
