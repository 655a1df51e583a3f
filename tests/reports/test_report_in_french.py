"""The report in French: the vertical slice of the interface in two languages. Text and
Markdown follow the interface language (`--lang-ui`, LIVECHECK_UI_LANG, the config);
CSV and JSON, for programs, stay in English."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from livecheck.cli import main
from livecheck.i18n import set_language, use_language
from livecheck.journal.store import Journal
from livecheck.reports.build import build_report
from livecheck.reports.model import Report
from livecheck.reports.render import render
from livecheck.reports.tables import tables

from .conftest import T0, TODAY, Filled, fill, write_library

NOW = T0 + dt.timedelta(days=2)
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def report(filled: Filled) -> Report:
    return build_report(filled.journal, filled.library, today=TODAY, now=NOW)


def test_markdown_in_french(report: Report) -> None:
    set_language("fr")
    md = render(report, "md")
    assert md.startswith("# Rapport livecheck\n")
    assert "Rapport sur tout le journal, généré le 4\u00a0novembre 2026, 09:00 (UTC)." in md
    assert (
        f"6 exécutions{NBSP}: 3 résolues, 1 escaladée, 1 abandonnée, 1 en cours{NNBSP}; "
        f"taux de résolution 60{NNBSP}%, taux d’escalade 20{NNBSP}% (sur 5 exécutions terminées)."
    ) in md
    assert f"SLA dépassé{NBSP}: 1 sur 3 exécutions avec un SLA." in md
    assert f"4 recherches enregistrées{NBSP}: 2 sans résultat, 1 sans playbook ouvert." in md
    assert f"Cas par jour, du 2{NBSP}novembre 2026 au 3{NBSP}novembre 2026 (max. 5)" in md
    assert "## Exécutions par playbook et par issue" in md
    assert f"| linear | 4 | 3 | 0 | — | 1 | 0 | 75{NNBSP}% | 0{NNBSP}% |" in md
    # The SLA breach is still bold, its figures written the French way.
    assert (
        f"| **linear** | **3** | **5{NBSP}min 00{NBSP}s** | **15{NBSP}min 00{NBSP}s** "
        f"| **10{NBSP}min** | **1 sur 3** |"
    ) in md
    assert f"_Au 3{NBSP}novembre 2026, d’après la bibliothèque._" in md
    # What people typed and what authors wrote is shown as it is.
    assert "| linear | Call the creator | 3 |" in md and "creator offline (2)" in md


def test_no_english_title_column_or_note_is_left(report: Report) -> None:
    english = tables(report)
    set_language("fr")
    french = tables(report)
    text = render(report, "text", width=200) + render(report, "md")
    for en, fr in zip(english, french, strict=True):
        assert en.key == fr.key and en.empty != fr.empty
        assert en.title != fr.title and en.title not in text
        if en.note:
            assert en.note != fr.note and en.note not in text
        for en_column, fr_column in zip(en.columns, fr.columns, strict=True):
            if en_column not in ("Playbook", "Playbooks", "p90", "SLA", "Source"):
                assert en_column != fr_column, en_column


def test_the_period_in_french(filled: Filled) -> None:
    from livecheck.reports.period import Period

    set_language("fr")
    december = Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    empty = build_report(filled.journal, filled.library, period=december, category="campaign")
    assert empty.no_runs_message() == (
        f"Aucune exécution du 1er{NBSP}décembre 2026 au 31{NBSP}décembre 2026, catégorie campaign."
    )
    assert (
        Period(dt.date(2026, 12, 3), dt.date(2026, 12, 3)).describe() == f"le 3{NBSP}décembre 2026"
    )
    assert Period(until=dt.date(2026, 12, 3)).describe() == f"jusqu’au 3{NBSP}décembre 2026"


def test_data_formats_stay_in_english(report: Report) -> None:
    set_language("fr")
    assert json.loads(render(report, "json"))["scope"] == "in the whole journal"
    assert "Exécutions" not in render(report, "csv")


def test_one_report_in_french_while_the_interface_stays_english(report: Report) -> None:
    with use_language("fr"):
        assert "Playbooks à relire" in render(report, "md")
    assert "Stale playbooks" in render(report, "md")


# -- the command line ----------------------------------------------------------


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def dirs(tmp_path: Path) -> list[str]:
    root = write_library(tmp_path / "playbooks")
    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3")
    fill(journal, root)
    journal.close()
    return ["--playbooks", str(root), "--data-dir", str(data)]


def test_report_follows_lang_ui_before_or_after_the_command(dirs: list[str]) -> None:
    code, out, err = run_cli("report", "--lang-ui", "fr", "--format", "md", *dirs)
    assert code == 0, err
    assert "## Playbooks à relire" in out
    code, out, _ = run_cli("--lang-ui", "fr", "report", *dirs)
    assert code == 0 and "Playbooks à relire" in out
    code, out, _ = run_cli("--lang-ui", "fr", "report", "--lang-ui", "en", *dirs)
    assert code == 0 and "Stale playbooks" in out


def test_report_follows_the_environment_then_the_config(
    dirs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('ui_language = "fr"\n', encoding="utf-8")
    code, out, _ = run_cli("report", "--config", str(config), *dirs)
    assert code == 0 and "Playbooks à relire" in out
    monkeypatch.setenv("LIVECHECK_UI_LANG", "en")  # the environment wins over the config
    code, out, _ = run_cli("report", "--config", str(config), *dirs)
    assert code == 0 and "Stale playbooks" in out
    monkeypatch.setenv("LIVECHECK_UI_LANG", "fr")
    code, out, _ = run_cli("report", *dirs)
    assert code == 0 and "Playbooks à relire" in out


def test_report_follows_the_locale(dirs: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, out, _ = run_cli("report", *dirs)
    assert code == 0 and "Playbooks à relire" in out


def test_a_language_livecheck_does_not_speak(
    dirs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVECHECK_UI_LANG", "de")
    code, _, err = run_cli("report", *dirs)
    assert code == 2 and "LIVECHECK_UI_LANG: 'de' is not a language livecheck speaks" in err
