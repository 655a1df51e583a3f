"""What every command shares: exit codes, the library and data options, settings,
the Workspace.

Imported before the command line is parsed (`--version`, `--help`): anything
heavier than argparse is imported inside the function that needs it.
"""

from __future__ import annotations

import argparse
import sys

# typing.TYPE_CHECKING without importing typing (a few ms of every start); mypy
# recognises the name.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from livecheck.playbook.library import Library
    from livecheck.services.settings import Settings
    from livecheck.services.workspace import Workspace

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_common_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On subcommands the defaults are SUPPRESS so that an option given before
    # the subcommand is not overwritten by the subcommand's default.
    default: dict[str, object] = {"default": argparse.SUPPRESS} if sub else {}
    group = parser.add_argument_group("where playbooks and data live")
    group.add_argument(
        "--playbooks",
        metavar="DIR",
        action="append",
        # A separate list after the subcommand, merged in _settings: argparse would
        # otherwise replace the folders given before it.
        dest="sub_playbooks" if sub else "playbooks",
        help="a playbook folder (repeatable); overrides LIVECHECK_PLAYBOOKS and the config file",
        default=[],
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the index, journal and caches in DIR (or set LIVECHECK_DATA_DIR)",
        **default,  # type: ignore[arg-type]
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE instead of the user config.toml",
        **default,  # type: ignore[arg-type]
    )


def fail(message: str, code: int) -> int:
    from livecheck.safety.text import one_line

    print(f"livecheck: error: {one_line(message)}", file=sys.stderr)
    return code


def settings_from(args: argparse.Namespace) -> Settings:
    from livecheck.services.settings import resolve_settings

    return resolve_settings(
        playbooks=[*(args.playbooks or ()), *(getattr(args, "sub_playbooks", None) or ())],
        data_dir=getattr(args, "data_dir", None),
        config=getattr(args, "config", None),
    )


def configured_roots(args: argparse.Namespace) -> tuple[Path, ...]:
    from livecheck.services.settings import SettingsError

    settings = settings_from(args)
    missing = [str(r) for r in settings.playbook_roots if not r.exists()]
    if missing:
        raise SettingsError(
            f"playbook folder not found: {', '.join(missing)} (from {settings.roots_source})"
        )
    return settings.playbook_roots


def workspace_from(args: argparse.Namespace, *, check_roots: bool = True) -> Workspace:
    """The same Workspace the app uses; it opens nothing until asked (the journal on
    first use, the index at the first search). `check_roots`: a missing playbook
    folder is a usage error, said before anything else."""
    from livecheck.services.workspace import Workspace

    if check_roots:
        configured_roots(args)
    return Workspace(settings_from(args))


def load_configured_library(args: argparse.Namespace) -> Library:
    from livecheck.playbook.library import load_library

    library = load_library(configured_roots(args))
    if library.error_count:
        broken = len({p.path for p in library.problems if p.is_error})
        print(
            f"livecheck: {broken} playbook file(s) have errors and were skipped; run `livecheck lint`",
            file=sys.stderr,
        )
    return library


def unknown_playbook(library: Library, playbook_id: str, lang: str | None) -> int:
    """The error for an id (or language) the library does not have, with the closest ids."""
    from rapidfuzz import process

    langs = library.languages_of(playbook_id)
    if langs:
        return fail(
            f"{playbook_id!r} has no {lang!r} version; it exists in: {', '.join(langs)}",
            EXIT_PROBLEMS,
        )
    close = [m[0] for m in process.extract(playbook_id, library.ids(), limit=3, score_cutoff=50)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `livecheck list` shows every id"
    return fail(f"no playbook with id {playbook_id!r}{hint}", EXIT_PROBLEMS)
