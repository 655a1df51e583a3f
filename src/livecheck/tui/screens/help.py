"""Every key of the app and of each screen, read from their bindings (so a
remapped key in the config's [keymap] shows as remapped)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from livecheck.i18n import N_, _
from livecheck.tui.context import livecheck_app, workspace_of
from livecheck.tui.language import TranslatedBindings, tr, translated_binding
from livecheck.tui.text import line

# Screens listed first, in this order; any other screen follows, by name.
SCREEN_ORDER = ("search", "playbook", "variables", "walkthrough")


@dataclass(frozen=True, slots=True)
class KeyRow:
    keys: str
    description: str
    tooltip: str
    binding_id: str | None


@dataclass(frozen=True, slots=True)
class KeySection:
    title: str
    rows: tuple[KeyRow, ...]


def _title_of(cls: type) -> str:
    title = getattr(cls, "HELP_TITLE", None)
    if isinstance(title, str) and title:
        return tr(title)
    name = cls.__name__.removesuffix("Screen") or cls.__name__
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name) or [name]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def key_display(app: App[object], binding: Binding, keymap: Mapping[str, str]) -> str:
    """The key(s) that trigger `binding` now, as the footer shows them."""
    remapped = keymap.get(binding.id) if binding.id else None
    if remapped:
        keys = [k.strip() for k in remapped.split(",") if k.strip()]
        return " / ".join(app.get_key_display(Binding(k, binding.action)) for k in keys)
    return app.get_key_display(binding)


def rows_for(
    app: App[object], bindings: Iterable[BindingType], keymap: Mapping[str, str]
) -> tuple[KeyRow, ...]:
    rows: list[KeyRow] = []
    seen: dict[str, int] = {}  # binding id (or action) -> index, to join "n,escape"
    for binding in Binding.make_bindings(bindings):
        keys = key_display(app, binding, keymap)
        ident = binding.id or f"{binding.action}|{binding.description}"
        if ident in seen:
            row = rows[seen[ident]]
            if binding.id is None or binding.id not in keymap:
                rows[seen[ident]] = KeyRow(
                    f"{row.keys} / {keys}", row.description, row.tooltip, row.binding_id
                )
            continue
        seen[ident] = len(rows)
        # A binding without a description is explained by its tooltip, never by
        # its raw action name (`move(-1)` means nothing to a reader).
        shown = translated_binding(binding)
        description = shown.description or shown.tooltip or binding.action.replace("_", " ")
        tooltip = shown.tooltip if shown.tooltip != description else ""
        rows.append(KeyRow(keys, description, tooltip or "", binding.id))
    return tuple(rows)


def _screen_classes() -> list[type[Screen[object]]]:
    import livecheck.tui.screens as package

    found: list[type[Screen[object]]] = []
    for info in pkgutil.iter_modules(package.__path__):
        try:
            module = importlib.import_module(f"{package.__name__}.{info.name}")
        except Exception:  # a screen being written by someone else must not break help
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Screen)
                and cls.__module__ == module.__name__
                and cls.__dict__.get("BINDINGS")
            ):
                found.append(cls)

    def order(cls: type) -> tuple[int, str]:
        module = cls.__module__.rsplit(".", 1)[-1]
        rank = SCREEN_ORDER.index(module) if module in SCREEN_ORDER else len(SCREEN_ORDER)
        is_main = 0 if issubclass(cls, Screen) and not issubclass(cls, ModalScreen) else 1
        return (rank, f"{is_main}{_title_of(cls)}")

    return sorted(found, key=order)


def tip_content(row: KeyRow) -> Content:
    parts: list[Content | str] = [line(row.tooltip, "$text-muted")]
    if row.binding_id:
        parts += ["  " if row.tooltip else "", line(row.binding_id, "dim italic")]
    return Content.assemble(*parts)


def own_bindings(cls: type) -> list[Binding]:
    """The bindings a livecheck screen class defines or inherits from another
    livecheck class (not Textual's own, such as tab to move focus)."""
    by_key: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("livecheck.") and "BINDINGS" in klass.__dict__:
            for binding in Binding.make_bindings(klass.__dict__["BINDINGS"]):
                by_key[binding.key] = binding
    return list(by_key.values())


def collect_sections(app: App[object], current: type | None = None) -> list[KeySection]:
    """The app's keys, then each screen's, from their BINDINGS; `current` (the
    screen help was opened from) comes first, marked as such."""
    keymap = livecheck_app(app).keymap
    sections = [KeySection(_("Everywhere"), rows_for(app, type(app).BINDINGS, keymap))]
    first: list[KeySection] = []
    for cls in _screen_classes():
        rows = rows_for(app, own_bindings(cls), keymap)
        if not rows:
            continue
        if cls is current:
            first.append(
                KeySection(_("{screen} (this screen)").format(screen=_title_of(cls)), rows)
            )
        else:
            sections.append(KeySection(_title_of(cls), rows))
    return first + sections


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    CSS_PATH = "../playbook.tcss"
    HELP_TITLE = N_("This help")
    AUTO_FOCUS = "#help-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,f1,question_mark",
            "close",
            N_("Close"),
            id="help.close",
            tooltip=N_("Close this help"),
        ),
        Binding(
            "l",
            "app.switch_ui_language",
            N_("Français / English"),
            id="help.language",
            tooltip=N_(
                "Switch the interface between French and English; every screen keeps its state"
            ),
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = _("Keys")
            dialog.border_subtitle = _("escape or F1 closes · l: français/English · ↑↓ scroll")
            with VerticalScroll(id="help-body"):
                for section in collect_sections(self.app, self._calling_screen()):
                    yield Static(line(section.title, "bold $accent"), classes="help-section")
                    with Grid(classes="help-grid"):
                        for row in section.rows:
                            yield Static(line(row.keys, "bold"), classes="help-key")
                            yield Static(line(row.description), classes="help-desc")
                            yield Static(tip_content(row), classes="help-tip")
                yield Static(self._more(), id="help-more")

    def _calling_screen(self) -> type | None:
        below = [s for s in self.app.screen_stack if s is not self]
        return type(below[-1]) if below else None

    def _more(self) -> Content:
        palette = self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ""))
        return Content("\n").join(
            [
                Content.assemble((_("More"), "bold $accent")),
                Content.assemble(
                    (palette, "bold"),
                    "  "
                    + _(
                        "command palette: type to search playbooks, start or resume a run, "
                        "open a playbook, switch the language of a playbook or of the interface."
                    ),
                ),
                Content.assemble(
                    (_("Tab"), "bold"),
                    "  " + _("moves between the parts of a screen; ↑↓ and Enter pick in a list."),
                ),
                Content.assemble(
                    (_("Keys can be changed"), "bold"),
                    " ",
                    _("in the {section} section of the config file, by binding id, e.g.").format(
                        section="[keymap]"
                    ),
                ),
                Content.assemble("    ", ('"walk.done" = "enter"', "$accent")),
                Content.assemble(
                    "    " + _("(each key’s binding id is shown in grey after its explanation)"),
                ),
                *self._config_path(),
            ]
        )

    def _config_path(self) -> list[Content]:
        path = workspace_of(self.app).settings.config_path
        return [Content.assemble("  " + _("Config file:") + " ", line(str(path), "$accent"))]

    async def relabel(self) -> None:
        """After a language switch (its own `l`): every key again, in the new words."""
        await self.recompose()

    def action_close(self) -> None:
        self.dismiss(None)
