"""Files of a trained model directory: the version hash and the manifest.

The version is a sha256 over the pipeline's weight and vocabulary files and the tuned
thresholds (`config.cfg` and `meta.json`, which hold paths and timings, are left out); the
manifest is written as sorted, indented JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from extraction.engines.learned.model_dir import MANIFEST

#: Files of a spaCy pipeline that hold no weights (paths, timings): not part of the version.
_UNVERSIONED = frozenset({"config.cfg", "meta.json"})


def _dir_hash(path: Path) -> str:
    """sha256 over the pipeline's weight and vocabulary files (the model's version)."""
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")):
        if item.is_file() and item.name not in _UNVERSIONED:
            digest.update(str(item.relative_to(path)).encode("utf-8"))
            digest.update(item.read_bytes())
    return digest.hexdigest()


def model_version(pipeline_dir: Path, thresholds: Mapping[str, float]) -> str:
    """The model's version: 12 hex digits of sha256 over the pipeline's files and thresholds."""
    return hashlib.sha256(
        (_dir_hash(pipeline_dir) + json.dumps(thresholds, sort_keys=True)).encode()
    ).hexdigest()[:12]


def write_manifest(directory: Path, manifest: Mapping[str, Any]) -> None:
    """Write the manifest into a model directory (sorted, indented UTF-8 JSON)."""
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
    (directory / MANIFEST).write_text(text + "\n", encoding="utf-8")
