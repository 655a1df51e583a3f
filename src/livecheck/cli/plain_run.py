"""The line-based walkthrough: plain prompts on stdout, answers on stdin.

It works with a screen reader and from a pipe: every prompt is a line of plain
text (no colours, no cursor movement), every answer is one line, and the end
of input means "quit and keep the run" (exit 3). Everything goes through the
run service, so each answer is in the journal before the next prompt shows.

How a question is asked and read is `cli.plain_prompts`; what is said and done
about actions NOT SAVED, `cli.plain_saving`; the words are `present`'s.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TextIO

from livecheck.cli.plain_prompts import (
    EndOfInput,
    QuitAsked,
    ask_line,
    confirm_words,
)
from livecheck.cli.plain_saving import keep_at_the_end, keep_on_leaving, may_leave
from livecheck.i18n import (
    _,
    format_list,
    interface_language,
    output_language,
    pgettext,
    use_language,
)
from livecheck.journal.store import JournalError
from livecheck.playbook.model import Step
from livecheck.present.feedback import FEEDBACK_LABELS
from livecheck.present.sla import sla_line
from livecheck.present.steps import (
    outcome_label,
    outcome_needed,
    position,
    review_line,
    run_ended,
    step_text,
)
from livecheck.present.summary import handoff_summary
from livecheck.present.team import back_online, late_action_lines
from livecheck.present.text import wrap_item, wrap_text
from livecheck.runs.engine import ActionRefused, Walkthrough
from livecheck.runs.events import Event
from livecheck.safety.text import one_line
from livecheck.services.runs import ActiveRun, NotSaved, RunService

EXIT_ENDED, EXIT_LEFT = 0, 3
WIDTH = 78
MESSAGE_RULE = "-" * 40


def commands_help() -> str:
    """The commands, in the current language (the key letters stay the same)."""
    # Translators: the letters are the keys: keep them, and keep the columns aligned.
    return _(
        """Commands:
  d  done            s  skip (asks why)     n  note
  b  back (undo)     e  escalate            a  abandon (asks why)
  o  end with an outcome                    q  quit, keep the run for later
  ?  this help
At a decision, type the number of a choice."""
    )


def walk_language(playbook_lang: str, summary_language: str = "playbook") -> str:
    """The language of the walkthrough's prompts and summary: the playbook's (by default)
    or the interface's (`summary_language = "ui"`)."""
    return output_language(summary_language, playbook_lang, interface_language())


class PlainWalkthrough:
    """One run walked line by line: the step at hand, its commands, a decision, a pause
    point, the outcome, then the summary and the optional feedback. The practice
    walkthrough of a drill (`cli.plain_drill`) is this, marked and timed."""

    def help_text(self) -> str:
        return commands_help()

    def __init__(
        self,
        service: RunService,
        run: ActiveRun,
        stdin: TextIO,
        stdout: TextIO,
        *,
        ask_feedback: bool | None = None,
        zone: dt.tzinfo | None = None,
        team_line: Callable[[], str | None] | None = None,
        summary_language: str = "playbook",
    ) -> None:
        self.service = service
        # The team journal's state (`team journal offline — N actions waiting`), said
        # whenever it changes.
        self.team_line = team_line
        self._team_said: str | None = None
        self._late_said = 0  # late actions already said
        self.run = run
        self.stdin = stdin
        self.stdout = stdout
        self.zone = zone  # times in the summary: the config's timezone, else the machine's
        self.summary_language = summary_language
        # The prompts around a playbook speak its language (summary_language = "playbook").
        self.lang = walk_language(run.playbook.lang, summary_language)
        # At a terminal the run ends with an optional feedback question; a script
        # feeding a pipe is not asked (it can call `livecheck feedback`).
        self.ask_feedback = stdin.isatty() if ask_feedback is None else ask_feedback

    # -- io --------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str:
        return ask_line(prompt, self.stdin, self.stdout)

    def wrap(self, text: str, indent: str = "  ", *, markdown: bool = False) -> None:
        """Paragraphs joined once and wrapped once; with `markdown`, emphasis as plain text."""
        for text_line in wrap_text(text, WIDTH, indent, markdown=markdown):
            self.say(text_line)

    # -- the loop -----------------------------------------------------------------

    def walk(self) -> int:
        with use_language(self.lang):
            return self._walk()

    def _walk(self) -> int:
        self._introduce()
        while True:
            try:
                while not self.run.state.over:
                    self._turn()
                break
            except QuitAsked:
                if self._may_leave():
                    return self._leave()
            except EndOfInput:
                return self._leave()
        self._finish()
        return EXIT_ENDED

    def _may_leave(self) -> bool:
        return may_leave(self.service, self.run, self.say, self.ask)

    def _introduce(self) -> None:
        pb = self.run.playbook
        self.say(
            _("Run {run}: {title} ({id}, {lang})").format(
                run=self.run.id, title=one_line(pb.title), id=pb.id, lang=pb.lang
            )
        )
        if self.run.playbook_changed:
            self.say(
                _(
                    "Note: the playbook file has changed since this run began; the run "
                    "continues on the version it began with."
                )
            )
        self._say_late()
        self._say_memory()
        self.say(_("Type ? for the commands."))

    def _say_late(self) -> None:
        """Actions its previous holder recorded after the run was taken over, kept apart
        (brought by the take, or later by the replicator): those not said yet."""
        actions = self.service.journal.late_actions(self.run.id)
        if len(actions) > self._late_said:
            lines = late_action_lines(actions, self.run.playbook, self.zone)
            for text in [lines[0], *lines[1 + self._late_said :]]:
                self.say(text)
            self._late_said = len(actions)

    def _say_memory(self) -> None:
        if self.run.playbook.memory:
            self.say(_("Remember:"))
            for item in self.run.playbook.memory:
                for text_line in wrap_item(item, WIDTH, "! "):
                    self.say(text_line)

    def _leave(self) -> int:
        if not keep_on_leaving(self.service, self.run, self.say):
            return EXIT_LEFT
        self.say(
            _("Run {run} kept. Resume it with: {command}").format(
                run=self.run.id, command=f"livecheck run --resume {self.run.id}"
            )
        )
        return EXIT_LEFT

    def _finish(self) -> None:
        self.say(run_ended(self.run.state))
        keep_at_the_end(
            self.service,
            self.run,
            self.say,
            _("WARNING: some actions could not be written to the journal."),
        )
        self.say()
        self.stdout.write(
            handoff_summary(
                self.run.record,
                self.run.walkthrough,
                zone=self.zone,
                summary_language=self.summary_language,
            )
        )
        self.stdout.flush()
        if self.ask_feedback:
            # The end of input here means no feedback; the run is complete anyway.
            with contextlib.suppress(EndOfInput):
                self._ask_feedback()

    def _ask_feedback(self) -> None:
        """An optional flag on the playbook; Enter (or the end of input) skips it."""
        reasons = list(FEEDBACK_LABELS)
        self.say()
        self.say(_("Anything wrong with this playbook? (optional)"))
        for n, reason in enumerate(reasons, 1):
            self.say(f"  {n}) {FEEDBACK_LABELS[reason]}")
        answer = self.ask(_("Number, or Enter to skip: ")).strip()
        if not (answer.isdigit() and 1 <= int(answer) <= len(reasons)):
            if answer:
                self.say(_("No feedback recorded."))
            return
        comment = self.ask(_("What should change? (Enter for no comment): "))
        try:
            self.service.give_feedback(self.run.id, reasons[int(answer) - 1], comment)
        except (ActionRefused, JournalError) as exc:
            self.say(_("Feedback not recorded: {problem}").format(problem=exc))
            return
        self.say(_("Thanks: feedback recorded for the playbook's owner."))

    def _turn(self) -> None:
        if self.team_line is not None:
            line = self.team_line()
            if line != self._team_said:
                self._team_said = line
                self.say(line or back_online())
            self._say_late()
        state = self.run.state
        if state.awaiting == "pause":
            self._pause()
        elif state.awaiting == "outcome":
            self._choose_outcome(outcome_needed())
        else:
            step = self.run.walkthrough.current_step()
            assert step is not None
            self._step(step)

    def _sla(self) -> str:
        """The SLA line: time left, `only … left` in the last 20 %, `OVER by …` after."""
        sla = self.run.walkthrough.sla()
        return "" if sla is None else sla_line(sla).text

    def _step(self, step: Step) -> None:
        self.say()
        words = step_text(step, self.run.state.variables)
        where = position(self.run.playbook, self.run.state)
        if words.flags:
            self.say(
                _("{position}: {title} ({flags})").format(
                    position=where,
                    title=words.title,
                    flags=format_list(flag.text for flag in words.flags),
                )
            )
        else:
            self.say(_("{position}: {title}").format(position=where, title=words.title))
        if sla := self._sla():
            self.say(f"  {sla}")
        if words.detail:
            self.wrap(words.detail, markdown=True)
        if words.message is not None:
            # Paragraphs on one line each, unindented, between two rules: what a mouse
            # selection copies is the message as the creator should receive it.
            self.say("  " + _("Message to copy (between the lines):"))
            self.say(MESSAGE_RULE)
            self.say(words.message)
            self.say(MESSAGE_RULE)
            if words.message_warning:
                for text_line in wrap_item(words.message_warning, WIDTH, _("Warning: ")):
                    self.say(text_line)
        if step.is_decision:
            for n, choice in enumerate(step.choices, 1):
                self.say(f"  {n}) {one_line(choice.label)}")
            answer = self.ask(_("Choice number (or ? for commands): ")).strip().lower()
            if answer.isdigit() and 1 <= int(answer) <= len(step.choices):
                label = step.choices[int(answer) - 1].label
                confirm = step.irreversible and self._confirm(step)
                if step.irreversible and not confirm:
                    return
                self._do(lambda w: w.choose(label, confirm=confirm))
                return
        else:
            answer = (
                # Translators: the letters in brackets are the keys; keep them.
                self.ask(_("[d]one [s]kip [n]ote [b]ack [e]scalate [a]bandon [o]utcome [q]uit ?: "))
                .strip()
                .lower()
            )
        self._command(answer, step)

    def _command(self, answer: str, step: Step | None) -> None:
        if answer in ("d", "done") and step is not None:
            if step.is_decision:
                self.say(_("This step is a decision: type the number of a choice."))
                return
            confirm = step.irreversible and self._confirm(step)
            if step.irreversible and not confirm:
                return
            self._do(lambda w: w.done(confirm=confirm))
        elif answer in ("s", "skip"):
            reason = self.ask(_("Why skip it? "))
            self._do(lambda w: w.skip(reason))
        elif answer in ("n", "note"):
            text = self.ask(_("Note: "))
            self._do(lambda w: w.note(text))
        elif answer in ("b", "back"):
            self._do(lambda w: w.back())
        elif answer in ("e", "escalate"):
            note = self.ask(_("Escalation note (who, why): "))
            self._do(lambda w: w.escalate(note))
        elif answer in ("a", "abandon"):
            reason = self.ask(_("Why abandon this run? "))
            self._do(lambda w: w.abandon(reason))
        elif answer in ("o", "outcome"):
            self._choose_outcome("")
        elif answer in ("q", "quit"):
            raise QuitAsked
        elif answer in ("?", "h", "help"):
            self.say(self.help_text())
        else:
            self.say(_("Not a command here. Type ? for the commands."))

    def _confirm(self, step: Step) -> bool:
        """Exactly the word the prompt asks for: `yes` (or `oui` on a French playbook, or in
        French)."""
        self.say("  " + _("This step cannot be undone: {title}").format(title=one_line(step.title)))
        # Translators: the word typed to confirm an irreversible step.
        shown = pgettext("confirmation", "yes")
        words = {*confirm_words(self.run.playbook.lang), shown.lower()}
        answer = self.ask(
            "  "
            + _("Type {word} to confirm it is done, anything else to go back: ").format(word=shown)
        ).strip()
        if answer.lower() not in words:
            self.say("  " + _("Not confirmed; the step is still open."))
            return False
        return True

    def _pause(self) -> None:
        self.say()
        self.say(_("Pause point. Done so far:"))
        for n, result in enumerate(self.run.state.path, 1):
            self.say(f"  {review_line(n, self.run.playbook, result)}")
        # `d` goes on, as in the app (where `c` copies a message).
        answer = (
            self.ask(_("[d] continue [b]ack [n]ote [e]scalate [a]bandon [q]uit ?: "))
            .strip()
            .lower()
        )
        if answer in ("d", "done", "continue", ""):
            self._do(lambda w: w.acknowledge_pause())
        else:
            self._command(answer, None)

    def _choose_outcome(self, why: str) -> None:
        if why:
            self.say(why)
        outcomes = self.run.playbook.outcomes
        for n, outcome in enumerate(outcomes, 1):
            self.say(f"  {n}) {outcome_label(outcome)}")
        answer = self.ask(_("End the run with outcome number (Enter to go back): ")).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(outcomes):
            outcome = outcomes[int(answer) - 1]
            self._do(lambda w: w.end(outcome))
        elif self.run.state.awaiting == "outcome" and answer in ("", "b", "back"):
            self._do(lambda w: w.back())

    def _do(self, plan: Callable[[Walkthrough], Event]) -> None:
        try:
            self.service.act(self.run, plan)
        except ActionRefused as refused:
            self.say(_("Not done: {reason}").format(reason=refused))
        except NotSaved as problem:
            self.say(str(problem))
