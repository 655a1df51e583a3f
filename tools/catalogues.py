"""Extract, update, compile and start the gettext catalogues (Babel's `pybabel`, a dev
dependency in the `test` extra). See docs/translating.md.

    python tools/catalogues.py update     # extract the strings, merge them into every .po
    python tools/catalogues.py compile    # .po -> .mo (commit both)
    python tools/catalogues.py init de    # start a new language
    python tools/catalogues.py extract build/livecheck.pot

Each command prints the `pybabel` command it runs, so it can be typed by hand too.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCALE = "src/livecheck/i18n/locale"  # relative to the repository
DOMAIN = "livecheck"
# The marking functions (livecheck.i18n): `_`, plural, context, context and plural.
KEYWORDS = ("_", "N_", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3")
WIDTH = "100"


def pybabel(args: Sequence[str]) -> None:
    """Run `pybabel` from the repository, so the catalogues name files relative to it."""
    print("pybabel " + shlex.join(args), file=sys.stderr)
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def extract_args(output: Path) -> list[str]:
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    return [
        "extract",
        "-F",
        "babel.cfg",
        "--no-default-keywords",
        *keywords,
        "--add-comments=Translators:",
        "--add-location=file",  # no line numbers: a moved line does not change the catalogues
        "--sort-by-file",
        "--project=livecheck",
        "--copyright-holder=livecheck developers",
        "--width",
        WIDTH,
        "-o",
        str(output.resolve()),
        ".",  # the repository: paths in the catalogues are relative to it
    ]


def extract(output: Path) -> None:
    pybabel(extract_args(output))


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / f"{DOMAIN}.pot"
        extract(pot)
        pybabel(
            [
                "update",
                "-i",
                str(pot),
                "-d",
                LOCALE,
                "-D",
                DOMAIN,
                "--ignore-obsolete",
                "--width",
                WIDTH,
            ]
        )


def compile_all() -> None:
    pybabel(["compile", "-d", LOCALE, "-D", DOMAIN, "--statistics"])


def init(lang: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / f"{DOMAIN}.pot"
        extract(pot)
        pybabel(["init", "-i", str(pot), "-d", LOCALE, "-D", DOMAIN, "-l", lang, "-w", WIDTH])


def main(argv: Sequence[str]) -> int:
    match list(argv):
        case ["extract", output]:
            extract(Path(output))
        case ["update"]:
            update()
        case ["compile"]:
            compile_all()
        case ["init", lang]:
            init(lang)
        case _:
            print(__doc__, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    # Run from the repository: the source files are found relative to it.
    sys.exit(main(sys.argv[1:]))
