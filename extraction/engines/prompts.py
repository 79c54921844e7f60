"""Prompts are files: `prompts/<version>.toml`, loaded and validated by this one loader.

A prompt file holds `version`, `description`, a `system` and a `user` template (Jinja2,
sandboxed, strict about undefined names) and worked `examples` (an article and its
expected claims). Loading rejects unknown keys, templates that use variables the renderer
does not provide, templates that never use the article text, and examples whose evidence
is not a verbatim quote of the example text. A prompt's hash is the sha256 of its file,
so any change to it (template or example) makes a new run key.

Article text is untrusted data: the renderer passes it as a variable (never as template
source) and neutralises `<article>` tags inside it, so the text cannot close the
`<article>` block the templates put it in.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import ValidationError

from extraction.engines.base import EngineConfigError
from extraction.schema import Article, Claim

PROMPTS_ENV = "CLAIMDESK_PROMPTS"
DEFAULT_PROMPT = "claims-v1"
PROMPT_SUFFIX = ".toml"

#: Variables the renderer provides to both templates.
PROVIDED_VARIABLES = frozenset(
    {"article_text", "title", "publication", "published", "published_weekday", "examples"}
)
#: Variables some template must use, or the article never reaches the model.
REQUIRED_VARIABLES = frozenset({"article_text"})
_TOP_KEYS = {"version", "description", "system", "user", "examples"}
_REQUIRED_TOP_KEYS = {"version", "description", "system", "user"}
_EXAMPLE_KEYS = {"name", "title", "publication", "published", "text", "claims", "note"}
_REQUIRED_EXAMPLE_KEYS = {"name", "text", "claims"}
_ARTICLE_TAG = re.compile(r"<\s*(/?)\s*article\b[^>]*>", re.IGNORECASE)


class PromptError(EngineConfigError):
    """A prompt file is missing or invalid; the message names the file and the problem."""


#: The package the wheel ships the prompts in (setup.py maps the top-level prompts/ to it).
PROMPTS_PACKAGE = "extraction.prompt_files"


def default_prompts_dir() -> Path:
    """`$CLAIMDESK_PROMPTS`; else, in a source checkout, the repository's `prompts/`;
    else the prompts installed with the package (importlib.resources)."""
    configured = os.environ.get(PROMPTS_ENV)
    if configured:
        return Path(configured)
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "prompts").is_dir():
        return root / "prompts"
    return installed_prompts_dir() or root / "prompts"


def installed_prompts_dir() -> Path | None:
    """The prompts directory inside the installed package, or None when not installed.

    `extraction.prompt_files` is a data-only (namespace) package: its location comes from
    its import spec (importlib.resources.files gives a MultiplexedPath for it)."""
    try:
        spec = importlib.util.find_spec(PROMPTS_PACKAGE)
    except ModuleNotFoundError:
        return None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    folders = [Path(location) for location in locations if Path(location).is_dir()]
    return folders[0] if folders else None


def neutralize_article(text: str) -> str:
    """Article text with `<article>` / `</article>` tags defused (`[article]`, `[/article]`)."""
    return _ARTICLE_TAG.sub(lambda m: f"[{m.group(1)}article]", text)


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> Template:
    """A template compiled once per source text (compiling cost ~5 ms an article)."""
    return _environment().from_string(source)


def _weekday(day: dt.date | None) -> str | None:
    return day.strftime("%A") if day else None


@dataclass(frozen=True)
class PromptExample:
    """A worked example: a short article and the claims expected from it."""

    name: str
    text: str
    claims: tuple[Claim, ...]
    title: str | None = None
    publication: str | None = None
    published: dt.date | None = None
    note: str | None = None

    def claims_json(self) -> str:
        """The expected answer, one claim a line, as the model should write it."""
        lines = [json.dumps(c.model_dump(mode="json"), ensure_ascii=False) for c in self.claims]
        return '{"claims": [\n' + ",\n".join(lines) + "\n]}"

    def variables(self) -> dict[str, Any]:
        """What templates see of this example (a fresh dict each time)."""
        return dict(self._variables)

    @functools.cached_property
    def _variables(self) -> dict[str, Any]:
        """The example's variables, computed once: every request renders them (its claims
        serialised to JSON, its text neutralised) and they never change."""
        return {
            "name": self.name,
            "title": self.title,
            "publication": self.publication,
            "published": self.published.isoformat() if self.published else None,
            "published_weekday": _weekday(self.published),
            "text": neutralize_article(self.text.strip()),
            "claims_json": self.claims_json(),
            "note": self.note,
        }

    def as_article(self) -> Article:
        """This example as an article (the sample `claimdesk prompts show` renders)."""
        return Article(
            id=Article.id_for_text(self.text),
            text=self.text,
            title=self.title,
            publication=self.publication,
            published=self.published,
        )


@dataclass(frozen=True)
class PromptTemplate:
    """A loaded, validated prompt."""

    version: str
    description: str
    path: Path
    hash: str
    system_source: str
    user_source: str
    examples: tuple[PromptExample, ...] = field(default_factory=tuple)

    def variables(self, article: Article) -> dict[str, Any]:
        """Template variables for one article."""
        return {
            "article_text": neutralize_article(article.text.strip()),
            "title": article.title,
            "publication": article.publication,
            "published": article.published.isoformat() if article.published else None,
            "published_weekday": _weekday(article.published),
            "examples": [example.variables() for example in self.examples],
        }

    def render(self, article: Article) -> list[dict[str, str]]:
        """The chat messages for one article: system, then user."""
        values = self.variables(article)
        try:
            system = _compiled(self.system_source).render(values)
            user = _compiled(self.user_source).render(values)
        except TemplateError as error:
            raise PromptError(f"{self.path}: cannot render prompt: {error}") from error
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _check_keys(where: str, data: Mapping[str, Any], allowed: set[str], required: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PromptError(
            f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
        )
    missing = sorted(required - set(data))
    if missing:
        raise PromptError(f"{where}: missing key(s) {', '.join(missing)}")


def _optional_str(where: str, data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise PromptError(f"{where}: {key} must be a string")
    return value


def _parse_date(where: str, value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise PromptError(f"{where}: published must be a date (YYYY-MM-DD)") from error


def _parse_example(path: Path, number: int, data: Any) -> PromptExample:
    where = f"{path}: example {number}"
    if not isinstance(data, Mapping):
        raise PromptError(f"{where}: must be a table")
    name = data.get("name")
    if isinstance(name, str):
        where = f"{path}: example {name!r}"
    _check_keys(where, data, _EXAMPLE_KEYS, _REQUIRED_EXAMPLE_KEYS)
    text = data["text"]
    if not isinstance(text, str) or not text.strip():
        raise PromptError(f"{where}: text must be a non-empty string")
    raw_claims = data["claims"]
    if not isinstance(raw_claims, list):
        raise PromptError(f"{where}: claims must be a list of tables")
    claims: list[Claim] = []
    for index, raw in enumerate(raw_claims, start=1):
        try:
            claim = Claim.model_validate(raw)
        except ValidationError as error:
            raise PromptError(f"{where}: claim {index} is invalid: {error}") from error
        if claim.evidence not in text:
            raise PromptError(
                f"{where}: claim {index}: evidence is not a verbatim quote of the example text:"
                f" {claim.evidence!r}"
            )
        claims.append(claim)
    return PromptExample(
        name=str(name),
        text=text,
        claims=tuple(claims),
        title=_optional_str(where, data, "title"),
        publication=_optional_str(where, data, "publication"),
        published=_parse_date(where, data.get("published")),
        note=_optional_str(where, data, "note"),
    )


def _check_templates(path: Path, sources: Mapping[str, str]) -> None:
    env = _environment()
    used: set[str] = set()
    for name, source in sources.items():
        try:
            variables = meta.find_undeclared_variables(env.parse(source))
        except TemplateError as error:
            raise PromptError(f"{path}: {name} template has a syntax error: {error}") from error
        unknown = sorted(variables - PROVIDED_VARIABLES)
        if unknown:
            raise PromptError(
                f"{path}: {name} template uses variable(s) not provided: {', '.join(unknown)}"
                f" (provided: {', '.join(sorted(PROVIDED_VARIABLES))})"
            )
        used |= variables
    missing = sorted(REQUIRED_VARIABLES - used)
    if missing:
        raise PromptError(
            f"{path}: required variable(s) not used by any template: {', '.join(missing)}"
        )


def load_prompt_file(path: Path) -> PromptTemplate:
    """Load and validate one prompt file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PromptError(f"cannot read prompt file {path}: {error.strerror}") from error
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PromptError(f"{path}: not valid TOML: {error}") from error
    _check_keys(str(path), data, _TOP_KEYS, _REQUIRED_TOP_KEYS)
    for key in ("version", "description", "system", "user"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise PromptError(f"{path}: {key} must be a non-empty string")
    if data["version"] != path.stem:
        raise PromptError(f"{path}: version {data['version']!r} does not match the file name")
    _check_templates(path, {"system": data["system"], "user": data["user"]})
    raw_examples = data.get("examples", [])
    if not isinstance(raw_examples, list):
        raise PromptError(f"{path}: examples must be an array of tables ([[examples]])")
    examples = tuple(_parse_example(path, i, e) for i, e in enumerate(raw_examples, start=1))
    template = PromptTemplate(
        version=data["version"],
        description=data["description"].strip(),
        path=path,
        hash=hashlib.sha256(raw).hexdigest(),
        system_source=data["system"],
        user_source=data["user"],
        examples=examples,
    )
    if examples:
        template.render(examples[0].as_article())  # fail now on a template runtime error
    return template


def load_prompt(version: str | None = None, directory: Path | None = None) -> PromptTemplate:
    """The prompt `version` (default `claims-v1`) from `directory` (default prompts/)."""
    name = version or DEFAULT_PROMPT
    folder = directory or default_prompts_dir()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise PromptError(f"invalid prompt version {name!r}")
    path = folder / f"{name}{PROMPT_SUFFIX}"
    if not path.is_file():
        known = ", ".join(p.stem for p in prompt_files(folder)) or "none"
        raise PromptError(f"no prompt {name!r} in {folder} (available: {known})")
    return load_prompt_file(path)


def prompt_files(directory: Path | None = None) -> list[Path]:
    """The prompt files of a directory, sorted by name."""
    folder = directory or default_prompts_dir()
    return sorted(folder.glob(f"*{PROMPT_SUFFIX}")) if folder.is_dir() else []
