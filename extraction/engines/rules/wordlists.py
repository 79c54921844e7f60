"""The one loader of the rules engine's word lists (data/*.toml, one file per family).

Each file holds named lists: an array of words or phrases (a multi-word phrase is one
string, its words separated by single spaces), or a table that maps a word or phrase to
a value. `lexicon` reads every list through these functions, so every list lives in
data/ and `fingerprint()` (sha256 of the files' bytes) changes with any of them.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from pathlib import Path
from typing import Any, TypeVar

#: The folder of the word-list files.
DATA_DIR = Path(__file__).with_name("data")

T = TypeVar("T")


class WordListError(ValueError):
    """A word-list file is missing, is not valid TOML, or holds a list of the wrong shape."""


def load_family(family: str, folder: Path | None = None) -> dict[str, Any]:
    """Every list of <folder, default DATA_DIR>/<family>.toml, parsed once per process."""
    return _load((folder or DATA_DIR) / f"{family}.toml")


@functools.cache
def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise WordListError(f"{path}: {error}") from error


def _entry(family: str, name: str, shape: type) -> Any:
    data = load_family(family)
    if name not in data:
        raise WordListError(f"{family}.toml has no list {name}")
    value = data[name]
    if not isinstance(value, shape):
        raise WordListError(f"{family}.toml: {name} must be a {shape.__name__}")
    return value


def _strings(family: str, name: str) -> list[str]:
    value: list[Any] = _entry(family, name, list)
    if not all(isinstance(item, str) for item in value):
        raise WordListError(f"{family}.toml: every entry of {name} must be a string")
    return value


def words(family: str, name: str) -> frozenset[str]:
    """A set of words or phrases."""
    return frozenset(_strings(family, name))


def sequence(family: str, name: str) -> tuple[str, ...]:
    """An ordered list of strings (order kept: it may be the matching order)."""
    return tuple(_strings(family, name))


def phrases(family: str, name: str) -> tuple[tuple[str, ...], ...]:
    """An ordered list of phrases, each split into its words."""
    return tuple(tuple(item.split(" ")) for item in _strings(family, name))


def mapping(family: str, name: str, kind: type[T]) -> dict[str, T]:
    """A table from words to values of type `kind` (file order kept)."""
    table: dict[str, Any] = _entry(family, name, dict)
    for key, value in table.items():
        if not isinstance(value, kind) or isinstance(value, bool):
            raise WordListError(f"{family}.toml: {name}.{key} must be a {kind.__name__}")
    return dict(table)


def number_mapping(family: str, name: str) -> dict[str, float]:
    """A table from words to numbers (an integer stays an integer)."""
    table: dict[str, Any] = _entry(family, name, dict)
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WordListError(f"{family}.toml: {name}.{key} must be a number")
    return dict(table)


def phrase_mapping(family: str, name: str) -> dict[tuple[str, ...], str]:
    """A table from phrases (split into words) to strings (file order kept)."""
    return {tuple(key.split(" ")): value for key, value in mapping(family, name, str).items()}


def word_sets(family: str, name: str) -> dict[str, frozenset[str]]:
    """A table from words to sets of words."""
    table: dict[str, Any] = _entry(family, name, dict)
    result: dict[str, frozenset[str]] = {}
    for key, value in table.items():
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise WordListError(f"{family}.toml: {name}.{key} must be a list of strings")
        result[key] = frozenset(value)
    return result


def fingerprint(folder: Path | None = None) -> str:
    """sha256 over the names and bytes of every word-list file (default: DATA_DIR)."""
    digest = hashlib.sha256()
    for path in sorted((folder or DATA_DIR).glob("*.toml")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
