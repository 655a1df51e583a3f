"""argparse's own words ("usage:", "options", its error messages) in the interface
language. argparse looks its words up with gettext at the moment it uses them; `install`
points that lookup at livecheck's catalogue (context "argparse"), so `--help` and the
usage errors speak the language the rest of the command line speaks."""

from __future__ import annotations

import argparse

from livecheck.i18n import npgettext, pgettext


def _words() -> dict[str, str]:
    # The messages a livecheck user can meet; the others stay in English.
    return {
        "usage: ": pgettext("argparse", "usage: "),
        "positional arguments": pgettext("argparse", "positional arguments"),
        "options": pgettext("argparse", "options"),
        "show this help message and exit": pgettext("argparse", "show this help message and exit"),
        "%(prog)s: error: %(message)s\n": pgettext("argparse", "%(prog)s: error: %(message)s\n"),
        "argument %(argument_name)s: %(message)s": pgettext(
            "argparse", "argument %(argument_name)s: %(message)s"
        ),
        "the following arguments are required: %s": pgettext(
            "argparse", "the following arguments are required: %s"
        ),
        "unrecognized arguments: %s": pgettext("argparse", "unrecognized arguments: %s"),
        "invalid choice: %(value)r (choose from %(choices)s)": pgettext(
            "argparse", "invalid choice: %(value)r (choose from %(choices)s)"
        ),
        "invalid %(type)s value: %(value)r": pgettext(
            "argparse", "invalid %(type)s value: %(value)r"
        ),
        "expected one argument": pgettext("argparse", "expected one argument"),
        "expected at most one argument": pgettext("argparse", "expected at most one argument"),
        "expected at least one argument": pgettext("argparse", "expected at least one argument"),
        "ambiguous option: %(option)s could match %(matches)s": pgettext(
            "argparse", "ambiguous option: %(option)s could match %(matches)s"
        ),
        "not allowed with argument %s": pgettext("argparse", "not allowed with argument %s"),
    }


def translate(message: str) -> str:
    return _words().get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return npgettext("argparse", "expected %s argument", "expected %s arguments", n)
    return singular if n == 1 else plural


def section_heading(heading: str) -> str:
    """A section title of `--help` as argparse will write it, before the colon it adds:
    French puts a no-break space there ("options :")."""
    # Translators: a section title of --help ("options:"); keep the colon last.
    titled = pgettext("argparse", "{heading}:").format(heading=heading)
    return titled.removesuffix(":")


_start_section = argparse.HelpFormatter.start_section


def _start_translated_section(self: argparse.HelpFormatter, heading: str | None) -> None:
    _start_section(self, section_heading(heading) if heading else heading)


def install() -> None:
    """Make argparse look its words up in livecheck's catalogue (current language), and
    write the colon after its section titles as the language does."""
    setattr(argparse, "_", translate)  # noqa: B010 - argparse's module-level gettext
    setattr(argparse, "ngettext", translate_plural)  # noqa: B010
    setattr(argparse.HelpFormatter, "start_section", _start_translated_section)  # noqa: B010
