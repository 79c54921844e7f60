"""`claimdesk train`: train the `learned` engine from gold/silver files, runs and reviews."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from extraction.cli.app import DbOption, app, console, err_console
from extraction.cli.progress import PhaseProgress


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


def _print_metrics(metrics: dict[str, Any]) -> None:
    intervals = metrics.get("intervals") or {}
    all_interval = (intervals.get("all_correct") or {}).get("f1")
    shown = f" ({all_interval[0]:.3f}-{all_interval[1]:.3f})" if all_interval else ""
    console.print(
        f"dev {escape(metrics['gold'])}: claim F1 {_fmt(metrics['claims']['f1'])},"
        f" all-correct F1 {_fmt(metrics['all_correct']['f1'])}{shown},"
        f" grounding {_fmt(metrics['grounding_rate'])}",
        highlight=False,
    )
    fields = "  ".join(f"{name} {_fmt(value)}" for name, value in metrics["fields"].items())
    console.print(f"field accuracy: {fields}", highlight=False)


@app.command("train")
def train_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Gold or silver JSONL files (CLAIMS.md format) to train on."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Model directory to write (must be new or empty).")
    ] = Path("models/learned"),
    from_run: Annotated[
        list[str] | None,
        typer.Option(
            "--from-run", help="Train on the claims of this extraction run (id or prefix)."
        ),
    ] = None,
    from_reviews: Annotated[
        bool,
        typer.Option(
            "--from-reviews",
            help="Train on reviewed claims: accepted/corrected positive, rejected negative.",
        ),
    ] = False,
    db: DbOption = None,
    dev: Annotated[
        Path | None,
        typer.Option(help="Gold set to score the new model on (its articles are refused)."),
    ] = None,
    exclude: Annotated[
        list[Path] | None,
        typer.Option(help="Files whose articles must not be trained on (by text hash)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (same inputs and seed: same model).")] = 0,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training sentences.")] = 10,
    max_steps: Annotated[
        int, typer.Option(min=0, help="Stop after N optimizer steps (0: epochs decide).")
    ] = 0,
    arch: Annotated[
        str, typer.Option(help="Classifier: bow (bag of n-grams) or ensemble (+ a small CNN).")
    ] = "bow",
    heldout: Annotated[
        float,
        typer.Option(help="Share of articles held out to pick checkpoints and thresholds."),
    ] = 0.15,
    heldout_from: Annotated[
        str | None,
        typer.Option(
            help="Draw held-out articles only from those whose id matches this regex "
            "(the share is of those): tune on the articles most like real text."
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing model directory.")
    ] = False,
) -> None:
    """Train the `learned` engine and write a versioned model directory.

    Use it with `claimdesk extract|eval --engine learned --model-path DIR`.
    """
    # imported here: spaCy and its trainer take seconds to import, and every other
    # command would pay for them
    from extraction.training.trainer import TrainRequest, train

    request = TrainRequest(
        out=out,
        files=list(files or []),
        runs=list(from_run or []),
        reviews=from_reviews,
        db=db,
        dev=dev,
        exclude=list(exclude or []),
        seed=seed,
        epochs=epochs,
        max_steps=max_steps,
        arch=arch,
        heldout=heldout,
        heldout_from=heldout_from,
        overwrite=overwrite,
    )
    with PhaseProgress(err_console) as bar:

        def progress(phase: str, done: int, total: int) -> None:
            bar.update(phase, done, total)

        # TrainingInputError and EngineConfigError: one line and exit 2 (the CLI's handler)
        outcome = train(request, progress)
    for warning in outcome.warnings:
        err_console.print(f"[yellow]skipped[/yellow]: {escape(warning)}", highlight=False)
    manifest = outcome.manifest
    training = manifest["training"]
    console.print(
        f"model {manifest['version']} written to {escape(str(outcome.path))}:"
        f" {outcome.n_articles} articles, {training['n_train_sentences']} training sentences,"
        f" {training['max_steps']} steps, {outcome.seconds:.1f} s",
        highlight=False,
    )
    if outcome.metrics:
        _print_metrics(outcome.metrics)
