"""Where livecheck finds playbooks and keeps its data: resolved in one place.

Playbook roots, first match wins: `--playbooks DIR` (repeatable), then
LIVECHECK_PLAYBOOKS (os.pathsep-separated), then `playbooks` in the config
file, then the library bundled with the package.

Data: platformdirs' user data and cache dirs, unless `--data-dir DIR` or
LIVECHECK_DATA_DIR names one folder for all of it; then nothing is written
anywhere else. Nothing here touches the disk until a function is called.

The team journal: `--journal URL`, then LIVECHECK_JOURNAL, then `journal` in
the config file; none of them: the local SQLite journal only. A URL is a
libpq connection URI (postgresql://host/db?sslmode=require); its password
belongs in ~/.pgpass (or PGPASSFILE, a service file), never in the config.

Every config key is parsed and checked here, once, into typed fields.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs

APP_NAME = "livecheck"
ENV_PLAYBOOKS = "LIVECHECK_PLAYBOOKS"
ENV_DATA_DIR = "LIVECHECK_DATA_DIR"
ENV_CONFIG = "LIVECHECK_CONFIG"
ENV_JOURNAL = "LIVECHECK_JOURNAL"
TEAM_SCHEMES = ("postgresql", "postgres")
CONFIG_NAME = "config.toml"


class SettingsError(Exception):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class DataPaths:
    data_dir: Path
    cache_dir: Path

    @property
    def index_dir(self) -> Path:
        return self.cache_dir / "index"

    @property
    def journal_path(self) -> Path:
        return self.data_dir / "journal.sqlite3"


@dataclass(frozen=True, slots=True)
class TeamJournal:
    """The team's PostgreSQL journal: a libpq URI (credentials from ~/.pgpass)."""

    url: str
    source: str  # --journal, LIVECHECK_JOURNAL or the config file

    @property
    def masked(self) -> str:
        """The URL as it may be printed: any password replaced with ***."""
        return mask_url(self.url)


@dataclass(frozen=True, slots=True)
class Settings:
    playbook_roots: tuple[Path, ...]
    roots_source: str  # which rule chose the roots, for `--help` and error messages
    paths: DataPaths
    config_path: Path
    operator: str
    retention_days: int | None = None  # purge runs older than this when the journal opens
    team: TeamJournal | None = None  # None: the local journal only
    keymap: Mapping[str, str] = field(default_factory=dict)


def bundled_playbooks_dir() -> Path:
    """The library shipped in the wheel, or the repository's copy in a source checkout."""
    packaged = Path(str(resources.files("livecheck") / "playbooks"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "playbooks"


def default_config_path(environ: Mapping[str, str] = os.environ) -> Path:
    if environ.get(ENV_CONFIG):
        return Path(environ[ENV_CONFIG]).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_NAME


def read_config(path: Path, *, must_exist: bool) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        if must_exist:
            raise SettingsError(f"config file {path} does not exist") from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the config file: {exc.strerror}") from None


def resolve_settings(
    *,
    playbooks: Sequence[str] = (),
    data_dir: str | None = None,
    config: str | None = None,
    journal: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Settings:
    config_path = Path(config).expanduser() if config else default_config_path(environ)
    values = read_config(config_path, must_exist=bool(config))
    roots, source = _playbook_roots(playbooks, environ, values, config_path)
    return Settings(
        playbook_roots=roots,
        roots_source=source,
        paths=_data_paths(data_dir, environ),
        config_path=config_path,
        operator=_operator(values),
        retention_days=_retention_days(values, config_path),
        team=_team_journal(journal, environ, values, config_path),
        keymap=_keymap(values, config_path),
    )


def mask_url(url: str) -> str:
    """`url` with its password (if any) replaced by ***: for every place it is printed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))


def _team_journal(
    cli: str | None, environ: Mapping[str, str], config: Mapping[str, Any], config_path: Path
) -> TeamJournal | None:
    if cli is not None:
        value, source = cli, "--journal"
    elif environ.get(ENV_JOURNAL):
        value, source = environ[ENV_JOURNAL], ENV_JOURNAL
    elif "journal" in config:
        value, source = config["journal"], str(config_path)
        if not isinstance(value, str):
            raise SettingsError(f"{config_path}: 'journal' must be a postgresql:// URL")
    else:
        return None
    value = value.strip()
    if value in ("", "local"):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        raise SettingsError(f"{source}: the journal URL is not a valid URL") from None
    if parts.scheme not in TEAM_SCHEMES:
        raise SettingsError(
            f"{source}: the journal must be a postgresql://host/database URL "
            f"(got {mask_url(value)!r}); leave it unset for the local journal"
        )
    if parts.password is not None and source == str(config_path):
        raise SettingsError(
            f"{config_path}: the journal URL holds a password; put it in ~/.pgpass "
            "(or PGPASSFILE, or a pg_service.conf service) and take it out of the config"
        )
    return TeamJournal(value, source)


def _retention_days(config: Mapping[str, Any], config_path: Path) -> int | None:
    days = config.get("retention_days")
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise SettingsError(f"{config_path}: 'retention_days' must be a whole number of days > 0")
    return days


def _keymap(config: Mapping[str, Any], config_path: Path) -> Mapping[str, str]:
    keymap = config.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        raise SettingsError(f"{config_path}: [keymap] maps binding ids to keys, as text")
    return dict(keymap)


def _playbook_roots(
    cli: Sequence[str], environ: Mapping[str, str], config: Mapping[str, Any], config_path: Path
) -> tuple[tuple[Path, ...], str]:
    if cli:
        return tuple(Path(p).expanduser() for p in cli), "--playbooks"
    from_env = [p for p in environ.get(ENV_PLAYBOOKS, "").split(os.pathsep) if p]
    if from_env:
        return tuple(Path(p).expanduser() for p in from_env), ENV_PLAYBOOKS
    configured = config.get("playbooks")
    if configured:
        entries = [configured] if isinstance(configured, str) else configured
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise SettingsError(f"{config_path}: 'playbooks' must be a folder or a list of folders")
        base = config_path.parent
        return tuple(base / Path(e).expanduser() for e in entries), str(config_path)
    return (bundled_playbooks_dir(),), "bundled library"


def _data_paths(cli: str | None, environ: Mapping[str, str]) -> DataPaths:
    chosen = cli or environ.get(ENV_DATA_DIR)
    if chosen:
        root = Path(chosen).expanduser()
        return DataPaths(data_dir=root, cache_dir=root / "cache")
    return DataPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def _operator(config: Mapping[str, Any]) -> str:
    configured = config.get("operator")
    if isinstance(configured, str) and configured.strip():
        return configured.strip()
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return "unknown"
