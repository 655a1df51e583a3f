"""The search screen's banner saying how many playbook files the library left
out for their errors, as the CLI says it, with the key that lists them."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from livecheck.i18n import format_integer, ngettext
from livecheck.tui.text import line


class LibraryErrors(Static):
    """Hidden while every playbook file is in the library."""

    def show_broken(self, broken: int, key: str) -> None:
        """`broken` files left out; `key` (as displayed) lists them."""
        self.display = broken > 0
        if broken:
            self.update(
                Content.assemble(
                    ("⚠ ", "bold $warning"),
                    line(
                        ngettext(
                            "{n} playbook file has errors and was skipped: "
                            "{key} lists it (file:line:col).",
                            "{n} playbook files have errors and were skipped: "
                            "{key} lists them (file:line:col).",
                            broken,
                        ).format(n=format_integer(broken), key=key)
                    ),
                )
            )
