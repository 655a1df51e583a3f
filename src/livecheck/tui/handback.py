"""A worker thread's answer, handed back to the app's thread only while its widget lives.

A screen's worker can finish after the user closed the screen, or while the app
closes: by then the screen's widgets are gone (or being removed), and updating them
would raise `NoMatches` in the app's thread and fail the worker. `hand_back` drops the
answer instead: there is no one left to show it to."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec

from textual.dom import DOMNode

P = ParamSpec("P")


def alive(node: DOMNode) -> bool:
    """Is `node` still in the app's DOM, and not on its way out?"""
    return node.is_attached and not node._pruning and not node._closing


def hand_back(
    node: DOMNode, callback: Callable[P, object], *args: P.args, **kwargs: P.kwargs
) -> None:
    """(In a worker thread) call `callback(*args, **kwargs)` on the app's thread,
    unless `node` has left the DOM by then or the app has stopped."""

    def deliver() -> None:
        if alive(node):
            callback(*args, **kwargs)

    try:
        node.app.call_from_thread(deliver)
    except RuntimeError:  # the app has stopped, or `node` left the DOM (it finds no app)
        return
