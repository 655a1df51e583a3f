"""What the plain front end and the summary print, read as a person would (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.runs.conftest import Cli, header

WORDY = (
    header("wordy", extra="sla_minutes: 10\n")
    + """\
variables:
  - {name: creator_handle, prompt: Creator handle, required: true}
  - {name: location_signal, prompt: Any location signal}
memory:
  - Never leave a live risk unattended; stay on the case until someone accepts the handover of the case.
steps:
  - id: watch
    title: Watch the room
    detail: |
      In the admin
      console, open **LIVE → Settings** and note any location
      signal ({location_signal}).
  - id: message
    title: Send the instructions
    template: |
      Hi {creator_handle}, open LIVE Studio. You'll
      get a Server URL and a Stream key.

      Then:
      - paste the URL in OBS
      - paste the key
  - id: ban
    title: Ban the account
    irreversible: true
"""
)

MOT = """\
id: mot
lang: fr
title: Fixture fr
summary: Un playbook de test.
when: Quand les tests en ont besoin.
category: operational
severity: medium
owner: qa-team
reviewed: 2026-10-01
steps:
  - id: ban
    title: Bannir le compte
    irreversible: true
"""


def _add(library: Path, name: str, text: str) -> None:
    (library / "operational" / name).write_text(text, encoding="utf-8")


def _answers(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def _walk(cli: Cli, library: Path, *args: str, stdin: str) -> str:
    _add(library, "wordy.en.yaml", WORDY)
    result = cli("run", "wordy", "--var", "creator_handle=@lea", *args, stdin=stdin)
    assert "Traceback" not in result.stderr
    return result.stdout


def test_an_optional_variable_left_empty_is_never_template_syntax(cli: Cli, library: Path) -> None:
    """Issue 12.4: step 1 read "any location signal ({location_signal})"."""
    out = _walk(cli, library, stdin=_answers("", "d", "d", "d", "yes"))
    assert "{location_signal}" not in out
    assert "signal ([location signal: not given])." in " ".join(out.split())


def test_the_message_to_copy_is_joined_as_the_creator_receives_it(cli: Cli, library: Path) -> None:
    """Issue 12.12: `You'll⏎get a Server URL` kept the YAML block's line break."""
    out = _walk(cli, library, stdin=_answers("", "d", "d", "d", "yes"))
    message = "Hi @lea, open LIVE Studio. You'll get a Server URL and a Stream key."
    assert f"\n{message}\n\nThen:\n- paste the URL in OBS\n- paste the key\n" in out
    summary = out[out.index("# Handoff") :]
    assert f"     > {message}\n     >\n     > Then:\n     > - paste the URL in OBS\n" in summary


def test_plain_text_is_rendered_once_and_wrapped_once(cli: Cli, library: Path) -> None:
    """Issue 12.13: the playbook's breaks were kept and re-wrapped (`In the admin` /
    `console, …`), Markdown showed raw, and each wrapped memory line had its own `!`."""
    out = _walk(cli, library, stdin=_answers("", "d", "d", "d", "yes"))
    walk = out[: out.index("# Handoff")]
    assert "  In the admin console, open LIVE → Settings and note any location signal" in walk
    assert "**" not in walk
    assert all(len(line) <= 78 for line in walk.splitlines() if not line.startswith("Hi @lea"))
    memory = walk[walk.index("Remember:") : walk.index("Type ? for")]
    assert memory.count("!") == 1 and len(memory.strip().splitlines()) == 3


def test_confirmation_takes_exactly_the_word_asked(cli: Cli, library: Path) -> None:
    """Issue 12.14: "Type yes to confirm", but `y`, `Y` and `oui` confirmed too."""
    out = _walk(cli, library, stdin=_answers("", "d", "d", "d", "y", "d", "Y", "d", "oui", "q"))
    assert out.count("Not confirmed; the step is still open.") == 3
    assert "Type yes to confirm it is done" in out
    _add(library, "mot.fr.yaml", MOT)
    result = cli("run", "mot", "--lang", "fr", stdin=_answers("d", "oui"))
    # A French playbook's prompts are in French (summary_language = "playbook").
    assert "Tapez oui pour confirmer qu’elle est faite" in result.stdout
    assert "Exécution terminée\u00a0: résolue." in result.stdout


def test_an_abandoned_run_does_not_say_sla_met(cli: Cli, library: Path) -> None:
    """Issue 12.11: the summary of an abandoned run said "SLA: met"."""
    out = _walk(cli, library, stdin=_answers("", "a", "wrong playbook"))
    summary = out[out.index("# Handoff") :]
    assert "met" not in summary
    assert "| SLA | 10 min: no verdict, the run was abandoned after" in summary


def test_the_sla_line_stands_on_its_own_line(cli: Cli, library: Path) -> None:
    out = _walk(cli, library, stdin=_answers("", "q"))
    assert re.search(r"\n  SLA 10 min: \d+ min \d\d s left\n", out)


def test_times_are_local_with_the_zone_named(cli: Cli, library: Path, config_file: Path) -> None:
    """Issue 12.8: summaries showed UTC; `timezone` in the config names the zone."""
    config_file.write_text('operator = "ana"\ntimezone = "Europe/Paris"\n', encoding="utf-8")
    out = _walk(cli, library, stdin=_answers("", "a", "dup"))
    summary = out[out.index("# Handoff") :]
    assert re.search(
        r"\| Started \| \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d \(Paris time\) \|", summary
    )
    assert "UTC" not in summary
    config_file.write_text('timezone = "Europe/Pariss"\n', encoding="utf-8")
    result = cli("runs")
    assert result.returncode == 2
    assert "unknown timezone 'Europe/Pariss'" in result.stderr


def test_a_case_reference_cannot_break_the_summary_table(cli: Cli, library: Path) -> None:
    """Issue 12.16: `CASE|1` split the table row when pasted into a ticket."""
    out = _walk(cli, library, "--case", "CASE|1 *x*", stdin=_answers("", "n", "a|b _c_", "q"))
    run_id = re.search(r"Run (\S+):", out).group(1)  # type: ignore[union-attr]
    summary = cli("summary", run_id).stdout
    assert "| Case | CASE\\|1 \\*x\\* |" in summary
    assert "a\\|b \\_c\\_ (at “Watch the room”)" in summary
    rows = [line for line in summary.splitlines() if line.startswith("| ")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 3 for row in rows)


def test_a_variable_left_empty_is_listed_as_not_given(cli: Cli, library: Path) -> None:
    out = _walk(cli, library, stdin=_answers("", "a", "dup"))
    summary = out[out.index("# Handoff") :]
    assert "- creator_handle: @lea\n- location_signal: not given\n" in summary


def test_the_sla_line_says_when_time_is_almost_out(
    cli: Cli, journal_path: Path, library: Path
) -> None:
    """Issue 12.11: the last 20 % of the SLA reads differently (amber in the app)."""
    import datetime as dt

    from livecheck.journal.store import Journal
    from livecheck.services.runs import RunService
    from tests.runs.conftest import Clock, playbook_path

    journal = Journal.open(journal_path)
    try:
        started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=26)
        service = RunService(journal, "ana", clock=Clock(started))
        run = service.start(playbook_path(library, "linear"), variables={})
    finally:
        journal.close()
    out = cli("run", "--resume", run.id, stdin=_answers("q")).stdout
    assert re.search(r"\n  SLA 30 min: only [34] min \d\d s left\n", out), out
