"""Batch extraction with resume, bounded concurrency and one writer."""

from extraction.pipeline.batch import BatchOptions, BatchSummary, run_batch

__all__ = ["BatchOptions", "BatchSummary", "run_batch"]
