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
    import datetime as dt
    from pathlib import Path

    from livecheck.playbook.library import Library
    from livecheck.services.settings import Settings
    from livecheck.services.workspace import Workspace

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


# livecheck.i18n's `_` and `ngettext`, imported at the first call: the catalogues'
# modules (gettext and more) are a third of `livecheck --version` otherwise.
def _(message: str) -> str:
    from livecheck.i18n import _ as translate

    return translate(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    from livecheck.i18n import ngettext as translate

    return translate(singular, plural, n)


def add_common_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On subcommands the defaults are SUPPRESS so that an option given before
    # the subcommand is not overwritten by the subcommand's default.
    default: dict[str, object] = {"default": argparse.SUPPRESS} if sub else {}
    group = parser.add_argument_group(_("where playbooks and data live"))
    group.add_argument(
        "--playbooks",
        metavar="DIR",
        action="append",
        # A separate list after the subcommand, merged in _settings: argparse would
        # otherwise replace the folders given before it.
        dest="sub_playbooks" if sub else "playbooks",
        help=_(
            "a playbook folder (repeatable); overrides LIVECHECK_PLAYBOOKS and the config "
            "file, and replaces the bundled library unless --with-bundled"
        ),
        default=[],
    )
    group.add_argument(
        "--with-bundled",
        action="store_true",
        help=_(
            "keep the bundled library after the folders chosen (or with_bundled = true in the "
            "config)"
        ),
        **default,  # type: ignore[arg-type]
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("keep the index, journal and caches in DIR (or set LIVECHECK_DATA_DIR)"),
        **default,  # type: ignore[arg-type]
    )
    group.add_argument(
        "--journal",
        metavar="URL",
        help=_(
            "the team journal, {url} (or LIVECHECK_JOURNAL, or `journal` "
            "in the config); “local” for this machine’s journal only"
        ).format(url="postgresql://host/database"),
        **default,  # type: ignore[arg-type]
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        help=_("read settings from FILE instead of the user config.toml"),
        **default,  # type: ignore[arg-type]
    )


def date_argument(text: str) -> dt.date:
    """An argparse type: a day, YYYY-MM-DD."""
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {text}").format(text=repr(text))
        ) from None


def fail(message: str, code: int) -> int:
    from livecheck.safety.text import one_line

    print(_("livecheck: error: {message}").format(message=one_line(message)), file=sys.stderr)
    return code


def settings_from(args: argparse.Namespace) -> Settings:
    from livecheck.services.settings import resolve_settings

    return resolve_settings(
        playbooks=[*(args.playbooks or ()), *(getattr(args, "sub_playbooks", None) or ())],
        data_dir=getattr(args, "data_dir", None),
        config=getattr(args, "config", None),
        ui_language=getattr(args, "lang_ui", None),
        with_bundled=bool(getattr(args, "with_bundled", False)),
        journal=getattr(args, "journal", None),
    )


def say_roots(args: argparse.Namespace) -> None:
    """On stderr, the playbook folders in use, when they are not the bundled library alone
    (so that a `--playbooks` folder never silently hides the bundled playbooks)."""
    settings = settings_from(args)
    if not settings.uses_default_roots:
        print(f"livecheck: {settings.roots_description()}", file=sys.stderr)


def configured_roots(args: argparse.Namespace) -> tuple[Path, ...]:
    from livecheck.services.settings import SettingsError

    settings = settings_from(args)
    missing = [str(r) for r in settings.playbook_roots if not r.exists()]
    if missing:
        raise SettingsError(
            _("playbook folder not found: {paths} (from {source})").format(
                paths=", ".join(missing), source=settings.roots_source
            )
        )
    return settings.playbook_roots


# Problems that mean a path was not read at all (rather than read and found wrong).
UNREAD_CODES = frozenset({"unreadable", "file-name-encoding", "not-a-file"})


def workspace_from(
    args: argparse.Namespace, *, check_roots: bool = True, reading: bool = False
) -> Workspace:
    """The same Workspace the app uses; it opens nothing until asked (the journal on
    first use, the index at the first search). `check_roots`: a missing playbook
    folder is a usage error, said before anything else. `reading`: the command only
    reads the journal (opened read-only when it cannot be written)."""
    from livecheck.services.workspace import Workspace

    if check_roots:
        configured_roots(args)
    return Workspace(settings_from(args), reading=reading, say=_say)


def _say(line: str) -> None:
    print(f"livecheck: {line}", file=sys.stderr)


def load_configured_library(args: argparse.Namespace) -> Library:
    from livecheck.playbook.library import load_library

    library = load_library(configured_roots(args))
    unread = [p for p in library.problems if p.code in UNREAD_CODES]
    if unread:
        print(
            f"livecheck: warning: {len(unread)} path(s) could not be read and were skipped:",
            file=sys.stderr,
        )
        for problem in unread[:10]:
            print(f"  {problem.format()}", file=sys.stderr)
    if library.error_count > sum(p.is_error for p in unread):
        broken = len(
            {p.path for p in library.problems if p.is_error and p.code not in UNREAD_CODES}
        )
        print(
            "livecheck: "
            + ngettext(
                "{n} playbook file has errors and was skipped; run `livecheck lint`",
                "{n} playbook files have errors and were skipped; run `livecheck lint`",
                broken,
            ).format(n=broken),
            file=sys.stderr,
        )
    return library


def unknown_playbook(library: Library, playbook_id: str, lang: str | None) -> int:
    """The error for an id (or language) the library does not have, with the closest ids."""
    from rapidfuzz import process

    langs = library.languages_of(playbook_id)
    if langs:
        return fail(
            _("{id} has no {lang} version; it exists in: {langs}").format(
                id=repr(playbook_id), lang=repr(lang), langs=", ".join(langs)
            ),
            EXIT_PROBLEMS,
        )
    close = [m[0] for m in process.extract(playbook_id, library.ids(), limit=3, score_cutoff=50)]
    if close:
        text = _("no playbook with id {id}; did you mean {ids}?")
    else:
        text = _("no playbook with id {id}; `livecheck list` shows every id")
    return fail(text.format(id=repr(playbook_id), ids=", ".join(close)), EXIT_PROBLEMS)
