"""The config file, and what is chosen from it before any Settings exist: where the file
is, its TOML, which playbook folders are in use and in which language the interface
speaks.

`livecheck --help` needs exactly this (it speaks the interface language and names the
folders in use) and runs before anything else: so this module imports the standard
library's `os` and `sys` only, and strings (not `pathlib`) for paths, `tomllib` when a
config file exists, `platformdirs` where the XDG rules below do not apply.
`livecheck.services.settings` builds the typed Settings from the same functions.
"""

from __future__ import annotations

import os
import sys

from livecheck.i18n import _

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path
    from typing import Any

APP_NAME = "livecheck"
ENV_PLAYBOOKS = "LIVECHECK_PLAYBOOKS"
ENV_CONFIG = "LIVECHECK_CONFIG"
CONFIG_NAME = "config.toml"
BUNDLED = "bundled library"


class SettingsError(Exception):
    """A setting that cannot be used; the message says which and why."""


def bundled_folder() -> str:
    """The library shipped in the wheel (beside the package), or the repository's copy in
    a source checkout."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(package, "playbooks")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(package))), "playbooks")


def user_config_dir() -> str:
    """platformdirs.user_config_dir("livecheck", appauthor=False). On Linux it is the XDG
    rule (an absolute $XDG_CONFIG_HOME, else ~/.config), worked out here: importing
    platformdirs is a third of `livecheck --help`. tests/services/test_config_file.py
    checks that both agree."""
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel"):
        xdg = os.environ.get("XDG_CONFIG_HOME", "")
        if xdg.startswith("/"):
            return os.path.join(xdg, APP_NAME)
        if os.environ.get("HOME", "").startswith("/"):
            return os.path.join(os.path.expanduser("~/.config"), APP_NAME)
    import platformdirs

    return platformdirs.user_config_dir(APP_NAME, appauthor=False)


def config_file(config: str | None, environ: Mapping[str, str]) -> str:
    """The config file: `--config FILE`, else LIVECHECK_CONFIG, else the user's config.toml."""
    if config:
        return os.path.expanduser(config)
    if environ.get(ENV_CONFIG):
        return os.path.expanduser(environ[ENV_CONFIG])
    return os.path.join(user_config_dir(), CONFIG_NAME)


def read_config(path: str | Path, *, must_exist: bool) -> dict[str, Any]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; tomllib only if there is a file
    except FileNotFoundError:
        if must_exist:
            raise SettingsError(_("config file {path} does not exist").format(path=path)) from None
        return {}
    except OSError as exc:
        raise _unreadable(path, exc) from None
    import tomllib

    with fh:
        try:
            return tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(
                _("{path}: invalid TOML: {problem}").format(path=path, problem=exc)
            ) from None
        except OSError as exc:
            raise _unreadable(path, exc) from None


def _unreadable(path: str | Path, exc: OSError) -> SettingsError:
    return SettingsError(
        _("{path}: cannot read the config file: {problem}").format(path=path, problem=exc.strerror)
    )


def chosen_roots(
    cli: Sequence[str], environ: Mapping[str, str], config: Mapping[str, Any], config_path: str
) -> tuple[tuple[str, ...], str | None, str]:
    """The playbook folders as given, first match wins (`--playbooks`, LIVECHECK_PLAYBOOKS,
    the config's `playbooks`, the bundled library), the folder the config's relative
    entries are relative to (None: the current one), and the rule that chose them. No
    folders: the bundled library."""
    if cli:
        return tuple(cli), None, "--playbooks"
    from_env = [p for p in environ.get(ENV_PLAYBOOKS, "").split(os.pathsep) if p]
    if from_env:
        return tuple(from_env), None, ENV_PLAYBOOKS
    configured = config.get("playbooks")
    if configured:
        entries = [configured] if isinstance(configured, str) else configured
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise SettingsError(
                _("{path}: {key} must be a folder or a list of folders").format(
                    path=config_path, key="'playbooks'"
                )
            )
        return tuple(entries), os.path.dirname(config_path), config_path
    return (), None, BUNDLED


def as_paths(folders: Sequence[str], base: str | None) -> tuple[Path, ...]:
    """`chosen_roots`' folders as paths: ~ expanded, relative to `base` if given."""
    from pathlib import Path

    if base is None:
        return tuple(Path(f).expanduser() for f in folders)
    return tuple(Path(base) / Path(f).expanduser() for f in folders)


def flag(config: Mapping[str, Any], key: str, config_path: str | Path) -> bool:
    value = config.get(key, False)
    if not isinstance(value, bool):
        raise SettingsError(
            _("{path}: {key} must be true or false").format(path=config_path, key=repr(key))
        )
    return value


def describe_roots(folders: Sequence[str], source: str, bundled_added: bool) -> str:
    """The playbook folders in use and where they come from, in one line."""
    listed = ", ".join(folders)
    if source == BUNDLED:
        return _("playbooks from the bundled library ({folders})").format(folders=listed)
    if bundled_added:
        return _("playbooks from {folders} (set by {source}, then the bundled library)").format(
            folders=listed, source=source
        )
    return _("playbooks from {folders} (set by {source})").format(folders=listed, source=source)


def roots_in_use(environ: Mapping[str, str] = os.environ) -> str:
    """For `livecheck --help`: the folders in use with the environment and the config
    as they are now (what Settings.roots_description would say, without the rest of the
    settings: no data folders, no time zone, no team journal)."""
    path = config_file(None, environ)
    values = read_config(path, must_exist=False)
    folders, base, source = chosen_roots((), environ, values, path)
    bundled = bundled_folder()
    if source == BUNDLED:
        return describe_roots([bundled], source, False)
    names = [str(p) for p in as_paths(folders, base)]
    added = flag(values, "with_bundled", path) and bundled not in names
    return describe_roots([*names, bundled] if added else names, source, added)


def interface_language(
    cli: str | None, config: str | None, environ: Mapping[str, str] = os.environ
) -> str:
    """The interface language (`--lang-ui`, LIVECHECK_UI_LANG, the config's ui_language,
    the locale) before the command line is parsed. Raises SettingsError or LanguageError."""
    from livecheck.i18n.language import ENV_UI_LANG, resolve_ui_language

    if cli or environ.get(ENV_UI_LANG):
        values: dict[str, Any] = {}  # the config is not read when it cannot decide
        path = ""
    else:
        path = config_file(config, environ)
        values = read_config(path, must_exist=bool(config))
    return resolve_ui_language(cli, environ, values.get("ui_language"), config_name=path).lang
