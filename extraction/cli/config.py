"""`claimdesk.toml`: project settings found in the current directory or a parent.

Like ruff's `ruff.toml`, the first `claimdesk.toml` found walking up from the current
directory applies. It sets defaults for the options of every command that has them:

    db = "data/claims.duckdb"       # relative to the file's directory
    engine = "openai"
    model = "qwen2.5:7b"
    base_url = "http://localhost:11434/v1"
    prompt = "claims-compact-v1"

Precedence: a command-line option, then its environment variable (CLAIMDESK_DB, ...), then
claimdesk.toml, then the built-in default. `CLAIMDESK_CONFIG=FILE` names the file
explicitly; `CLAIMDESK_CONFIG=` (empty) turns the lookup off.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG_NAME = "claimdesk.toml"
CONFIG_ENV = "CLAIMDESK_CONFIG"
#: Keys the file may set -> the command parameter (click name) they default.
CONFIG_KEYS = {
    "db": "db",
    "engine": "engine",
    "model": "model",
    "base_url": "base_url",
    "prompt": "prompt",
}


class ConfigError(ValueError):
    """claimdesk.toml cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class ProjectConfig:
    """The settings of one claimdesk.toml file."""

    path: Path
    values: dict[str, str]


def find_config(start: Path | None = None) -> Path | None:
    """The claimdesk.toml that applies from `start` (default: the current directory)."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit is not None:
        return Path(explicit) if explicit else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path) -> ProjectConfig:
    """Read and check a claimdesk.toml; `db` is resolved against the file's directory."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(CONFIG_KEYS)})"
        )
    values: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: '{key}' must be a non-empty string")
        values[key] = value
    if "db" in values:
        db = Path(values["db"]).expanduser()
        values["db"] = str(db if db.is_absolute() else path.parent / db)
    return ProjectConfig(path=path, values=values)


def default_map(command: Any, config: ProjectConfig) -> dict[str, Any]:
    """Click's `default_map` that applies the config to every command with such options
    (`command`: the click command of the Typer app, walked with its subcommands)."""
    wanted = {CONFIG_KEYS[key]: value for key, value in config.values.items()}
    result: dict[str, Any] = {
        param.name: wanted[param.name]
        for param in getattr(command, "params", [])
        if getattr(param, "param_type_name", "") == "option" and param.name in wanted
    }
    commands = getattr(command, "commands", None)
    if isinstance(commands, dict):
        for name, sub in commands.items():
            nested = default_map(sub, config)
            if nested:
                result[name] = nested
    return result
