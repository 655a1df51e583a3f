"""Before a run: the case reference and the playbook's variables.

Dismissed with {variable name: value, "__case__": case reference}, or None
when cancelled. Required variables must be filled in before the run starts."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from livecheck.playbook.model import Playbook, Variable
from livecheck.safety.text import one_line
from livecheck.tui.text import line

CASE_KEY = "__case__"


def field_label(variable: Variable) -> Content:
    need = (" required", "bold $error") if variable.required else (" optional", "$text-muted")
    return Content.assemble(line(variable.prompt, "bold"), need)


class VariablesScreen(ModalScreen[dict[str, str] | None]):
    CSS_PATH = "../walkthrough.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="variables.cancel", tooltip="Do not start the run"
        ),
    ]

    def __init__(self, playbook: Playbook) -> None:
        super().__init__(classes="dialog-screen")
        self.playbook = playbook

    def compose(self) -> ComposeResult:
        pb = self.playbook
        with Vertical(classes="dialog", id="variables-dialog"):
            yield Label(
                Content.assemble(("Start: ", "bold $primary"), line(pb.title, "bold")),
                classes="dialog-title",
            )
            with VerticalScroll(id="variables-fields"):
                yield Label(
                    Content.assemble(
                        ("Case reference", "bold"), (" optional: ticket or case ID", "$text-muted")
                    ),
                    classes="field-label",
                )
                yield Input(placeholder="e.g. CASE-123456", id="case-ref", classes="field")
                for variable in pb.variables:
                    yield Label(field_label(variable), classes="field-label")
                    example = one_line(variable.example or "")
                    yield Input(
                        placeholder=f"e.g. {example}" if example else "",
                        id=f"var-{variable.name}",
                        classes="field",
                    )
            yield Static("", classes="dialog-error", id="variables-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#variables-error", Static).display = False
        self.query_one("#case-ref", Input).focus()

    def _fields(self) -> list[Input]:
        return list(self.query(".field").results(Input))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = self._fields()
        if event.input is fields[-1]:
            self._start()
        else:
            fields[fields.index(event.input) + 1].focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            event.input.remove_class("-missing")

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        values: dict[str, str] = {}
        missing: list[tuple[Variable, Input]] = []
        for variable in self.playbook.variables:
            box = self.query_one(f"#var-{variable.name}", Input)
            values[variable.name] = box.value.strip()
            box.set_class(variable.required and not values[variable.name], "-missing")
            if variable.required and not values[variable.name]:
                missing.append((variable, box))
        if missing:
            error = self.query_one("#variables-error", Static)
            names = "; ".join(one_line(v.prompt) for v, _ in missing)
            error.update(Content.assemble(("Required, still empty: ", "bold"), line(names)))
            error.display = True
            missing[0][1].focus()
            return
        values[CASE_KEY] = self.query_one("#case-ref", Input).value.strip()
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
