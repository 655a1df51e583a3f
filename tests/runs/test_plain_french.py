"""The plain front end and the summary in French (issue 17, phase 2): a French reader
sees no English word of the interface; the summary follows the playbook's language
unless `summary_language = "ui"`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from livecheck.i18n import LOCALE_DIR
from tests.runs.conftest import Cli

COUPURE = """\
id: coupure
lang: fr
title: Rétablir un LIVE coupé
summary: Un playbook de test en français.
when: Quand un LIVE est coupé en plein direct.
category: operational
severity: medium
owner: qa-team
reviewed: 2026-10-01
sla_minutes: 30
variables:
  - {name: pseudo, prompt: Pseudo du créateur, required: true, example: "@lea"}
  - {name: appareil, prompt: Appareil utilisé}
memory:
  - Ne laisse jamais un LIVE à risque sans suivi.
steps:
  - id: lire
    title: Lire le ticket
    detail: Relève l'heure de la coupure.
  - id: consignes
    title: Envoyer les consignes
    pause: true
    template: |
      Bonjour {pseudo}, redémarre l'appli sur {appareil}.
  - id: genre
    title: Quel genre de coupure ?
    choices:
      - {label: Réseau, goto: cle}
      - {label: Rien à faire, outcome: no-action}
  - id: cle
    title: Réinitialiser la clé de stream
    irreversible: true
"""
# pseudo, appareil (left empty), ?, a note, done, done (pause), review and go on,
# choice 1, done on the irreversible step, a wrong word, done again, `oui`.
ANSWERS = ["@lea", "", "?", "n", "appel reçu", "d", "d", "d", "1", "d", "ok", "d", "oui"]
# Kept in English on purpose: the key letters (single letters, below the 3-letter
# cut), the command to type (`livecheck run --resume`), the playbook's own ids.
KEPT = re.compile(r"livecheck run --resume \S+|`[^`]*`|\(coupure, fr\)")


def _english_words() -> set[str]:
    """Every word of the interface's English (the msgids) that French does not share."""

    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", re.sub(r"\{\w+\}", " ", text))}

    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "livecheck.po").open("rb") as fh:
        catalog = read_po(fh)
    english: set[str] = set()
    french: set[str] = set()
    for m in catalog:
        if not m.id:
            continue
        for text in m.id if isinstance(m.id, tuple) else [m.id]:
            english |= words(text)
        for text in m.string if isinstance(m.string, tuple) else [m.string]:
            french |= words(text)
    return english - french - words(COUPURE)


def _walk_french(real_cli: Cli, library: Path, *extra: str) -> str:
    (library / "operational" / "coupure.fr.yaml").write_text(COUPURE, encoding="utf-8")
    result = real_cli("run", "coupure", "--lang", "fr", *extra, stdin="\n".join(ANSWERS) + "\n")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_plain_front_end_speaks_french_through_a_pipe(
    real_cli: Cli, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVECHECK_UI_LANG", "fr")
    out = _walk_french(real_cli, library)
    for expected in (
        "Pseudo du créateur (p. ex. @lea) [obligatoire]\u00a0: ",
        "Tapez ? pour les commandes.".replace(" ?", "\u202f?"),
        "Commandes\u00a0:",
        "Étape 1 sur 4\u00a0: Lire le ticket",
        "SLA 30 min\u00a0: encore ",
        "Message à copier (entre les lignes)\u00a0:",
        "Point de pause. Fait jusqu’ici\u00a0:",
        "Cette étape est irréversible\u00a0: Réinitialiser la clé de stream",
        "Tapez oui pour confirmer",
        "Non confirmé\u202f; l’étape reste ouverte.",
        "Exécution terminée\u00a0: résolue.",
        "# Passation\u00a0: Rétablir un LIVE coupé",
        "## Étapes",
        "| Issue | résolue |",
        "   - Message envoyé\u00a0:",
    ):
        assert expected in out, expected
    # In the message, as the creator receives it (its spaces are the message's own).
    assert re.search(r"Bonjour @lea, redémarre l'appli sur \[appareil\s: non renseigné\]\.", out)
    english = _english_words()
    said = set(re.findall(r"[A-Za-zÀ-ÿ]{3,}", KEPT.sub(" ", out)))
    assert {w for w in said if w.lower() in english} == set()


@pytest.fixture
def paris(config_file: Path) -> Path:
    config_file.write_text('operator = "ana"\ntimezone = "Europe/Paris"\n', encoding="utf-8")
    return config_file


def test_a_french_playbook_under_an_english_interface_gets_a_french_summary(
    real_cli: Cli, library: Path, paris: Path
) -> None:
    out = _walk_french(real_cli, library)
    summary = out[out.index("# Passation") :]
    assert "## Étapes" in summary and "| Début |" in summary and "## Informations" in summary
    assert re.search(
        r"\| Début \| \d{1,2}(er)?\s\w+\s\d{4}, \d\d:\d\d \(heure de Paris\) \|", summary
    )
    assert "Handoff" not in summary and "Steps" not in summary


def test_summary_language_ui_keeps_the_interface_language(
    real_cli: Cli, library: Path, paris: Path
) -> None:
    paris.write_text(paris.read_text() + 'summary_language = "ui"\n', encoding="utf-8")
    out = _walk_french(real_cli, library)
    summary = out[out.index("# Handoff") :]
    assert "## Steps" in summary and "## Facts" in summary and "   - Message sent:" in summary
    assert "(Paris time)" in summary and "| Outcome | resolved |" in summary
    assert "Passation" not in out and "Run ended: resolved." in out


def test_help_and_usage_errors_in_french(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVECHECK_UI_LANG", "fr")
    result = cli("run", "--help")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("utilisation\u00a0: livecheck run")
    assert "Un déroulé simple, ligne à ligne" in out and "reprendre une exécution en cours" in out
    assert "afficher cette aide et quitter" in out and "où se trouvent les playbooks" in out
    assert "show this help" not in out and "walk through" not in out
    # argparse's section titles take the French colon, its own and livecheck's groups alike.
    assert (
        "\noptions\u00a0:\n" in out and "\nle journal d’équipe (voir docs/team.md)\u00a0:\n" in out
    )
    assert "avec --handoff\u00a0: pour cette personne seulement" in out
    wrong = cli("search", "--limit", "x", "mot")
    assert wrong.returncode == 2
    assert "livecheck search\u00a0: erreur\u00a0: argument --limit\u00a0: valeur int invalide" in (
        wrong.stderr
    )
    # --lang-ui after the command name wins over the environment, for the help as well.
    english = cli("run", "--help", "--lang-ui", "en")
    assert english.stdout.startswith("usage: livecheck run")
    assert "A plain, line-based walkthrough" in english.stdout
    assert "\noptions:\n" in english.stdout


BROKEN = COUPURE.replace("goto: cle}", "goto: clef}")


def test_a_lint_message_in_french(cli: Cli, library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Authors are French too: the message is French, the code stays English."""
    path = library / "operational" / "coupure.fr.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("LIVECHECK_UI_LANG", "fr")
    result = cli("lint", path)
    assert result.returncode == 1
    assert re.search(
        r"coupure\.fr\.yaml:\d+:\d+\u00a0: erreur\u00a0: goto 'clef'\u00a0: aucune étape n’a cet id"
        r"\u202f; vouliez-vous dire 'cle'\u202f\? \[unknown-step\]",
        result.stdout,
    ), result.stdout
    assert "1 playbook, 1 erreur, 0 avertissement" in result.stdout
    monkeypatch.setenv("LIVECHECK_UI_LANG", "en")
    english = cli("lint", path)
    assert "error: goto 'clef': no step has this id; did you mean 'cle'? [unknown-step]" in (
        english.stdout
    )
