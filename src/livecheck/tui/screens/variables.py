"""Before a run: the case reference and the playbook's variables.

Dismissed with a RunRequest (case reference and variables), or None when
cancelled. Required variables must be filled in before the run starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from livecheck.i18n import N_, _
from livecheck.playbook.model import Playbook, Variable
from livecheck.safety.text import one_line
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.text import line
from livecheck.tui.widgets.fields import TextField, field_keys


@dataclass(frozen=True, slots=True)
class RunRequest:
    """What the start dialog asked: the case reference (None: not given) and the
    playbook's variables, by name."""

    case_ref: str | None
    variables: dict[str, str] = field(default_factory=dict)


def field_label(variable: Variable) -> Content:
    need = (
        (" " + _("required"), "bold $error")
        if variable.required
        else (" " + _("optional"), "$text-muted")
    )
    return Content.assemble(line(variable.prompt, "bold"), need)


def case_label() -> Content:
    return Content.assemble(
        (_("Case reference"), "bold"), (" " + _("optional: ticket or case ID"), "$text-muted")
    )


class VariablesScreen(TranslatedBindings, ModalScreen[RunRequest | None]):
    CSS_PATH = "../walkthrough.tcss"
    HELP_TITLE = N_("Variables")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            N_("Cancel"),
            id="variables.cancel",
            tooltip=N_("Do not start the run"),
        ),
        *field_keys("variables"),  # priority: typed text lands in the field Tab moved to
        # Enter too acts before the next key is handed to a widget.
        Binding(
            "enter",
            "submit",
            show=False,
            priority=True,
            id="variables.submit",
            tooltip=N_("Next field; on the last one, start the run"),
        ),
    ]

    def __init__(self, playbook: Playbook) -> None:
        super().__init__(classes="dialog-screen")
        self.playbook = playbook

    def compose(self) -> ComposeResult:
        pb = self.playbook
        with Vertical(classes="dialog", id="variables-dialog"):
            yield Label(
                Content.assemble((_("Start:") + " ", "bold $primary"), line(pb.title, "bold")),
                classes="dialog-title",
            )
            with VerticalScroll(id="variables-fields"):
                yield Label(
                    case_label(),
                    classes="field-label",
                )
                yield TextField(
                    placeholder=_("e.g. {example}").format(example="CASE-123456"),
                    id="case-ref",
                    classes="field",
                )
                for variable in pb.variables:
                    yield Label(field_label(variable), classes="field-label")
                    example = one_line(variable.example or "")
                    yield TextField(
                        placeholder=_("e.g. {example}").format(example=example) if example else "",
                        id=f"var-{variable.name}",
                        classes="field",
                    )
            yield Static("", classes="dialog-error", id="variables-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Start"), id="start", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#variables-error", Static).display = False
        self.query_one("#case-ref", Input).focus()

    async def relabel(self) -> None:
        """After a language switch: the same form, what was typed and where the cursor
        was kept, in the new words."""
        typed = {box.id: (box.value, box.cursor_position) for box in self._fields()}
        focused = self.focused.id if self.focused is not None else None
        shown_error = self.query_one("#variables-error", Static).display
        await self.recompose()
        for box in self._fields():
            if box.id in typed:
                box.value, box.cursor_position = typed[box.id]
        error = self.query_one("#variables-error", Static)
        error.display = shown_error
        if shown_error:
            missing = self._missing()
            for _variable, box in missing:
                box.add_class("-missing")
            self._show_missing(missing, asked=True)
        if focused:
            widget = self.query_one(f"#{focused}")
            self.set_focus(widget)
            if isinstance(widget, Input) and focused in typed:
                # Input selects its text on focus: put the cursor back where it was.
                position = typed[focused][1]
                widget.call_after_refresh(setattr, widget, "cursor_position", position)

    def _fields(self) -> list[Input]:
        return list(self.query(".field").results(Input))

    def action_submit(self) -> None:
        """Enter: on a field, the next field (the last one starts the run); on a button, press it."""
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        fields = self._fields()
        if not isinstance(focused, Input) or focused not in fields or focused is fields[-1]:
            self._start_when_typed()
        else:
            self.set_focus(fields[fields.index(focused) + 1])  # at once, not after queued keys

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            event.input.remove_class("-missing")
        self._show_missing(self._missing())

    def _missing(self) -> list[tuple[Variable, Input]]:
        return [
            (variable, box)
            for variable in self.playbook.variables
            if variable.required
            and not (box := self.query_one(f"#var-{variable.name}", Input)).value.strip()
        ]

    def _show_missing(self, missing: list[tuple[Variable, Input]], *, asked: bool = False) -> None:
        """The list of required fields still empty: shown once Start was pressed, kept
        up to date as they are filled, gone when none is left."""
        error = self.query_one("#variables-error", Static)
        if not (asked or error.display):
            return
        error.display = bool(missing)
        if missing:
            names = "; ".join(one_line(v.prompt) for v, _ in missing)
            error.update(Content.assemble((_("Required, still empty:") + " ", "bold"), line(names)))

    @on(Button.Pressed, "#start")
    def _start_when_typed(self) -> None:
        """Start once every field has taken the keys already sent to it: typed fast,
        they may still wait in the field's queue when Enter is handled."""
        fields = self._fields()
        remaining = len(fields)

        def drained() -> None:
            nonlocal remaining
            remaining -= 1
            if remaining == 0:
                self._start()

        for box in fields:
            box.call_later(drained)

    def _start(self) -> None:
        if not self.is_active:
            return
        missing = self._missing()
        for variable in self.playbook.variables:
            box = self.query_one(f"#var-{variable.name}", Input)
            box.set_class(any(box is b for _, b in missing), "-missing")
        self._show_missing(missing, asked=True)
        if missing:
            self.set_focus(missing[0][1])
            return
        values = {
            v.name: self.query_one(f"#var-{v.name}", Input).value.strip()
            for v in self.playbook.variables
        }
        case_ref = self.query_one("#case-ref", Input).value.strip() or None
        self.dismiss(RunRequest(case_ref, values))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
