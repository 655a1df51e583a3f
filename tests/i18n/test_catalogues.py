"""The catalogues: complete, not stale, compiled, with the placeholders of their msgids
and French typography."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from livecheck.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

REPO = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
NBSP, NNBSP = "\u00a0", "\u202f"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def key(m: Message) -> tuple[str | None, object]:
    return (m.context, m.id)


def forms(m: Message) -> list[str]:
    return list(m.string) if isinstance(m.string, tuple | list) else [m.string or ""]


@pytest.fixture(scope="module", params=TRANSLATED)
def catalog(request: pytest.FixtureRequest) -> Catalog:
    return read(po_path(request.param))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The strings the sources mark now, extracted by the same command translators run."""
    pot = tmp_path_factory.mktemp("pot") / f"{DOMAIN}.pot"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "catalogues.py"), "extract", str(pot)],
        check=True,
        capture_output=True,
    )
    return read(pot)


def test_every_language_has_its_catalogue_compiled() -> None:
    assert TRANSLATED, "livecheck speaks at least one language beside English"
    for lang in TRANSLATED:
        assert po_path(lang).is_file() and po_path(lang).with_suffix(".mo").is_file()


def test_the_sources_mark_strings(extracted: Catalog) -> None:
    ids = {m.id for m in messages(extracted)}
    # One from the formats, one plural and one with a context from the report.
    assert "December" in ids and ("{n} run", "{n} runs") in ids and "Stale playbooks" in ids


def test_the_catalogue_matches_the_sources(catalog: Catalog, extracted: Catalog) -> None:
    """Extraction is not stale: `python tools/catalogues.py update` was run after the
    last change to a marked string."""
    in_sources = {key(m) for m in messages(extracted)}
    in_catalogue = {key(m) for m in messages(catalog)}
    assert in_sources - in_catalogue == set(), "marked but not in the .po: run the update"
    assert in_catalogue - in_sources == set(), "in the .po but no longer marked: run the update"


def test_every_message_is_translated_and_none_is_fuzzy(catalog: Catalog) -> None:
    fuzzy = [m.id for m in messages(catalog) if m.fuzzy]
    missing = [m.id for m in messages(catalog) if not all(forms(m))]
    assert fuzzy == [] and missing == []
    assert not catalog.fuzzy, "the header is marked fuzzy"


def test_plural_forms_are_the_languages_own(catalog: Catalog) -> None:
    if catalog.locale_identifier == "fr":  # 0 and 1 take the singular
        assert catalog.plural_forms == "nplurals=2; plural=(n > 1);"
    for m in messages(catalog):
        if isinstance(m.id, tuple):
            assert len(forms(m)) == catalog.num_plurals, m.id


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_placeholders_are_those_of_the_msgid(catalog: Catalog) -> None:
    wrong = []
    for m in messages(catalog):
        ids = list(m.id) if isinstance(m.id, tuple) else [m.id]
        allowed = [placeholders(i) for i in ids]
        wrong += [(m.id, s) for s in forms(m) if placeholders(s) not in allowed]
    assert wrong == []


def typography_problems(text: str) -> list[str]:
    """French typography: a no-break space (U+00A0 or U+202F) before : ; ? ! and inside
    « guillemets », never a straight double quote. Placeholders are left out; a colon
    between digits (14:05) is a time."""
    text = PLACEHOLDER.sub("0", text)
    problems = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in ":;?!" and before not in (NBSP, NNBSP):
            if ch == ":" and before.isdigit() and after.isdigit():
                continue
            problems.append(f"no no-break space before {ch!r}: {text!r}")
        if ch == "«" and after not in (NBSP, NNBSP):
            problems.append(f"no no-break space after «: {text!r}")
        if ch == "»" and before not in (NBSP, NNBSP):
            problems.append(f"no no-break space before »: {text!r}")
        if ch == '"':
            problems.append(f"straight double quote, use « »: {text!r}")
    return problems


def test_the_typography_check_catches_what_it_should() -> None:
    assert typography_problems("Motifs : x") and typography_problems("Motifs: x")
    assert typography_problems('dit "oui"') and typography_problems("«oui»")
    assert typography_problems(f"Motifs{NBSP}: x ; y")
    assert not typography_problems(f"Motifs{NBSP}: x{NNBSP}; «{NBSP}oui{NBSP}»{NNBSP}?")
    assert not typography_problems("{hour}:{minute}, 14:05")


def test_french_typography() -> None:
    catalog = read(po_path("fr"))
    problems = [p for m in messages(catalog) for s in forms(m) for p in typography_problems(s)]
    assert problems == []


def test_the_compiled_catalogue_is_the_po(catalog: Catalog, tmp_path: Path) -> None:
    """The .mo shipped is compiled from the .po as it is (`tools/catalogues.py compile`)."""
    lang = str(catalog.locale_identifier)
    fresh = tmp_path / "fresh.mo"
    with fresh.open("wb") as fh:
        write_mo(fh, catalog)
    shipped = po_path(lang).with_suffix(".mo")
    with fresh.open("rb") as a, shipped.open("rb") as b:
        expected, actual = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert actual._catalog == expected._catalog  # type: ignore[attr-defined]
    assert actual.plural(2) == expected.plural(2) and actual.plural(0) == expected.plural(0)


@pytest.mark.slow
def test_the_wheel_carries_the_compiled_catalogues(tmp_path: Path) -> None:
    import zipfile

    from hatchling.builders.wheel import WheelBuilder

    builder = WheelBuilder(str(REPO))
    wheel = next(iter(builder.build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in TRANSLATED:
        assert f"livecheck/i18n/locale/{lang}/LC_MESSAGES/{DOMAIN}.mo" in names
