"""Where livecheck finds playbooks and keeps its data: resolved in one place.

Playbook roots, first match wins: `--playbooks DIR` (repeatable), then
LIVECHECK_PLAYBOOKS (os.pathsep-separated), then `playbooks` in the config
file, then the library bundled with the package. `--with-bundled` (or
`with_bundled = true` in the config) keeps the bundled library after the
folders chosen, instead of leaving it out.

Times are shown in the config's `timezone` (an IANA name such as
"Europe/Paris"), else in the machine's zone.

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

import os
from dataclasses import dataclass, field
from pathlib import Path

from livecheck.i18n import (
    SOURCE_LANGUAGE,
    LanguageError,
    _,
    resolve_summary_language,
    resolve_ui_language,
)
from livecheck.services.config_file import (
    APP_NAME,
    BUNDLED,
    CONFIG_NAME,
    ENV_CONFIG,
    ENV_PLAYBOOKS,
    SettingsError,
    as_paths,
    bundled_folder,
    chosen_roots,
    config_file,
    describe_roots,
    flag,
    read_config,
)

# Imported where they are used: the app's first frame and `livecheck --help` need none
# of tomllib, zoneinfo, urllib, getpass, platformdirs.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence
    from typing import Any

__all__ = [
    "APP_NAME",
    "BUNDLED",
    "CONFIG_NAME",
    "ENV_CONFIG",
    "ENV_DATA_DIR",
    "ENV_JOURNAL",
    "ENV_PLAYBOOKS",
    "DataPaths",
    "Settings",
    "SettingsError",
    "TeamJournal",
    "bundled_playbooks_dir",
    "default_config_path",
    "mask_url",
    "read_config",
    "resolve_settings",
]

ENV_DATA_DIR = "LIVECHECK_DATA_DIR"
ENV_JOURNAL = "LIVECHECK_JOURNAL"
TEAM_SCHEMES = ("postgresql", "postgres")


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
    ui_language: str = SOURCE_LANGUAGE  # --lang-ui, LIVECHECK_UI_LANG, ui_language, the locale
    summary_language: str = "playbook"  # "playbook" or "ui": see livecheck.i18n.output_language
    zone: dt.tzinfo | None = None  # the config's `timezone`; None: the machine's zone
    bundled_added: bool = False  # the bundled library follows the chosen folders
    retention_days: int | None = None  # purge runs older than this when the journal opens
    team: TeamJournal | None = None  # None: the local journal only
    keymap: Mapping[str, str] = field(default_factory=dict)

    @property
    def uses_default_roots(self) -> bool:
        """True when the playbooks are the bundled library alone (nothing configured)."""
        return self.roots_source == BUNDLED

    def roots_description(self) -> str:
        """The playbook folders in use and where they come from, in one line."""
        return describe_roots(
            [str(r) for r in self.playbook_roots], self.roots_source, self.bundled_added
        )


def bundled_playbooks_dir() -> Path:
    """The library shipped in the wheel, or the repository's copy in a source checkout."""
    return Path(bundled_folder())


def default_config_path(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(config_file(None, environ))


def resolve_settings(
    *,
    playbooks: Sequence[str] = (),
    data_dir: str | None = None,
    config: str | None = None,
    with_bundled: bool = False,
    journal: str | None = None,
    environ: Mapping[str, str] = os.environ,
    ui_language: str | None = None,
) -> Settings:
    config_path = Path(config_file(config, environ))
    values = read_config(config_path, must_exist=bool(config))
    roots, source = _playbook_roots(playbooks, environ, values, config_path)
    ui, summary = _languages(ui_language, environ, values, config_path)
    bundled = bundled_playbooks_dir()
    add_bundled = (with_bundled or flag(values, "with_bundled", config_path)) and (
        bundled not in roots
    )
    if add_bundled:
        roots = (*roots, bundled)
    return Settings(
        playbook_roots=roots,
        roots_source=source,
        paths=_data_paths(data_dir, environ),
        config_path=config_path,
        operator=_operator(values),
        ui_language=ui,
        summary_language=summary,
        zone=_zone(values, config_path),
        bundled_added=add_bundled,
        retention_days=_retention_days(values, config_path),
        team=_team_journal(journal, environ, values, config_path),
        keymap=_keymap(values, config_path),
    )


def _languages(
    cli: str | None, environ: Mapping[str, str], config: Mapping[str, Any], config_path: Path
) -> tuple[str, str]:
    try:
        ui = resolve_ui_language(
            cli, environ, config.get("ui_language"), config_name=str(config_path)
        )
        summary = resolve_summary_language(
            config.get("summary_language"), config_name=str(config_path)
        )
    except LanguageError as exc:
        raise SettingsError(str(exc)) from None
    return ui.lang, summary


def _zone(config: Mapping[str, Any], config_path: Path) -> dt.tzinfo | None:
    name = config.get("timezone")
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        raise SettingsError(
            _("{path}: {key} must be a zone name such as {example}").format(
                path=config_path, key="'timezone'", example='"Europe/Paris"'
            )
        )
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            _("{path}: unknown timezone {name}; use an IANA name such as {example}").format(
                path=config_path, name=repr(name), example='"Europe/Paris"'
            )
        ) from None


def mask_url(url: str) -> str:
    """`url` with its password (if any) replaced by ***: for every place it is printed."""
    from urllib.parse import urlsplit, urlunsplit

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
    from urllib.parse import urlsplit

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
    folders, base, source = chosen_roots(cli, environ, config, str(config_path))
    if source == BUNDLED:
        return (bundled_playbooks_dir(),), source
    return as_paths(folders, None if base is None else str(config_path.parent)), source


def _data_paths(cli: str | None, environ: Mapping[str, str]) -> DataPaths:
    chosen = cli or environ.get(ENV_DATA_DIR)
    if chosen:
        root = Path(chosen).expanduser()
        return DataPaths(data_dir=root, cache_dir=root / "cache")
    import platformdirs

    return DataPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def _operator(config: Mapping[str, Any]) -> str:
    configured = config.get("operator")
    if isinstance(configured, str) and configured.strip():
        return configured.strip()
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return "unknown"
