"""Small modal dialogs: confirm, ask for a line of text, pick one of a list,
review the steps done at a pause point. Escape always cancels.

Every text shown here may come from a playbook or the keyboard, so it is
turned into Content with `plain()`/`line()` (never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from livecheck.i18n import N_, _, ngettext
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.text import line, plain
from livecheck.tui.widgets.fields import TextField

CSS_PATH = "../walkthrough.tcss"


def _as_content(text: str | Content, style: str = "") -> Content:
    return plain(text, style) if isinstance(text, str) else text


# Priority: left and right move between the buttons even while a button has the focus.
BUTTON_ROW_KEYS = (
    Binding(
        "left",
        "move(-1)",
        show=False,
        priority=True,
        id="dialog.previous",
        tooltip=N_("Previous button"),
    ),
    Binding(
        "right", "move(1)", show=False, priority=True, id="dialog.next", tooltip=N_("Next button")
    ),
)


def danger_keys(cancel_label: str, confirm_label: str) -> Content:
    """Under a dangerous confirmation: Cancel has the focus, and how to confirm."""
    return Content.assemble(
        _("{cancel} is selected: press").format(cancel=cancel_label) + " ",
        ("←", "bold"),
        " " + _("then") + " ",
        (_("Enter"), "bold"),
        " " + _("to {action},").format(action=confirm_label.lower()) + " ",
        (_("Esc"), "bold"),
        " " + _("to cancel."),
    )


class _ButtonRow:
    """Left and right move between the dialog's buttons (and only them)."""

    def action_move(self, delta: int) -> None:
        screen = self if isinstance(self, ModalScreen) else None
        if screen is None:
            return
        buttons = list(screen.query(".dialog-buttons Button").results(Button))
        if not buttons:
            return
        focused = screen.focused
        index = buttons.index(focused) if focused in buttons else -delta
        # At once (not Widget.focus, which waits its turn): an Enter sent right after
        # the arrow must press the button the arrow moved to.
        screen.set_focus(buttons[(index + delta) % len(buttons)])


class ConfirmScreen(TranslatedBindings, _ButtonRow, ModalScreen[bool]):
    """Confirm or cancel. `danger`: Cancel has the focus, so Enter alone never confirms."""

    CSS_PATH = CSS_PATH
    HELP_TITLE = N_("Confirm")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            N_("Cancel"),
            id="dialog.cancel",
            tooltip=N_("Close without confirming"),
        ),
        *BUTTON_ROW_KEYS,
    ]

    def __init__(
        self,
        title: str | Content,
        message: str | Content,
        *,
        confirm_label: str = "",
        cancel_label: str = "",
        danger: bool = True,
    ) -> None:
        """`confirm_label` and `cancel_label` default to "Confirm" and "Cancel" in the
        interface language."""
        super().__init__(classes="dialog-screen")
        self.title_content = _as_content(title, "bold")
        self.message = _as_content(message)
        self.confirm_label = confirm_label or _("Confirm")
        self.cancel_label = cancel_label or _("Cancel")
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -danger" if self.danger else "dialog", id="confirm-dialog"):
            yield Label(self.title_content, classes="dialog-title")
            with VerticalScroll(classes="dialog-body", can_focus=False):
                yield Static(self.message, id="confirm-message")
            if self.danger:
                yield Static(
                    danger_keys(self.cancel_label, self.confirm_label),
                    classes="dialog-prompt dialog-keys",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    self.confirm_label,
                    id="confirm",
                    variant="error" if self.danger else "primary",
                )
                yield Button(self.cancel_label, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel" if self.danger else "#confirm", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class TextPromptScreen(TranslatedBindings, ModalScreen[str | None]):
    """One line of text; None when cancelled. `required`: empty text is refused."""

    CSS_PATH = CSS_PATH
    HELP_TITLE = N_("Text prompt")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", N_("Cancel"), id="dialog.cancel", tooltip=N_("Close without saving")
        ),
    ]

    def __init__(
        self,
        title: str | Content,
        prompt: str | Content,
        required: bool = True,
        *,
        placeholder: str = "",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_content = _as_content(title, "bold")
        self.prompt = _as_content(prompt)
        self.required = required
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="prompt-dialog"):
            yield Label(self.title_content, classes="dialog-title")
            yield Static(self.prompt, classes="dialog-prompt")
            yield TextField(placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="dialog-error", id="prompt-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("OK"), id="ok", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#prompt-error", Static).display = False
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted, "#prompt-input")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        box = self.query_one("#prompt-input", Input)
        text = box.value.strip()
        if self.required and not text:
            error = self.query_one("#prompt-error", Static)
            error.update(Content(_("Please type something first (or press Escape to cancel).")))
            error.display = True
            box.focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(TranslatedBindings, ModalScreen[str | None]):
    """Pick one of `options` (Enter, or its number 1–9); None when cancelled."""

    CSS_PATH = CSS_PATH
    HELP_TITLE = N_("Choice")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            N_("Cancel"),
            id="dialog.cancel",
            tooltip=N_("Close without choosing"),
        ),
        *(
            Binding(
                str(n),
                f"pick({n})",
                show=False,
                id=f"dialog.pick{n}",
                tooltip=N_("Choose option {key}"),
            )
            for n in range(1, 10)
        ),
    ]

    def __init__(
        self, title: str | Content, options: Sequence[str], *, prompt: str | Content = ""
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_content = _as_content(title, "bold")
        self.prompt = _as_content(prompt) if prompt else None
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choice-dialog"):
            yield Label(self.title_content, classes="dialog-title")
            if self.prompt is not None:
                yield Static(self.prompt, classes="dialog-prompt")
            yield OptionList(
                *(
                    Option(Content.assemble((f"{n}. ", "bold"), line(text)), id=f"choice-{n}")
                    for n, text in enumerate(self.options, 1)
                ),
                id="choice-list",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        options = self.query_one("#choice-list", OptionList)
        if self.options:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#choice-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[event.option_index])

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.options):
            self.dismiss(self.options[number - 1])

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class PauseReviewScreen(TranslatedBindings, _ButtonRow, ModalScreen[bool]):
    """A pause point: the steps done so far, then Continue (True) or Back (False).

    Escape also gives False but leaves `went_back` False, so the caller can
    tell "go back one step" from "not now"."""

    CSS_PATH = CSS_PATH
    HELP_TITLE = N_("Pause review")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            N_("Not now"),
            id="dialog.cancel",
            tooltip=N_("Close; the run stays paused"),
        ),
        *BUTTON_ROW_KEYS,
    ]

    def __init__(
        self,
        lines: Sequence[str | Content],
        *,
        title: str | Content = "",
        can_go_back: bool = True,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.can_go_back = can_go_back
        self.lines = [_as_content(item) for item in lines]
        self.title_content = _as_content(
            title or _("Pause point: check what was done before going on"), "bold"
        )
        self.went_back = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pause-dialog"):
            yield Label(self.title_content, classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="pause-lines"):
                yield Static(
                    Content("\n").join(self.lines)
                    if self.lines
                    else Content(_("Nothing done yet."))
                )
            yield Static(
                Content(
                    _("Continue if everything above is right; Back undoes the last step.")
                    if self.can_go_back
                    else _(
                        "Continue if everything above is right. The last step was confirmed "
                        "as irreversible: it cannot be undone."
                    )
                ),
                classes="dialog-prompt",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Continue"), id="continue", variant="primary")
                if self.can_go_back:
                    yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.went_back = True
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)


def leave_unsaved_screen(unsaved: int, *, summary_shown: bool) -> ConfirmScreen:
    """Asked before leaving a run whose actions are not in the journal yet: from the run
    (stay and retry) or from its summary (copy it first). One wording for both."""
    if summary_shown:
        question = ngettext(
            "{n} action could not be written to the journal yet. "
            "If you leave now it is lost: copy the summary first. Leave anyway?",
            "{n} actions could not be written to the journal yet. "
            "If you leave now they are lost: copy the summary first. Leave anyway?",
            unsaved,
        )
    else:
        question = ngettext(
            "{n} action could not be written to the journal yet. "
            "If you leave this run now, it is lost. Stay and retry, or leave anyway?",
            "{n} actions could not be written to the journal yet. "
            "If you leave this run now, they are lost. Stay and retry, or leave anyway?",
            unsaved,
        )
    return ConfirmScreen(
        _("Actions not saved"),
        question.format(n=unsaved),
        confirm_label=_("Leave anyway"),
        cancel_label=_("Stay"),
    )
