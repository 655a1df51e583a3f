"""Every key binding of the app has an id (for [keymap] remapping) and a tooltip."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding

import livecheck.tui.app
import livecheck.tui.screens
import livecheck.tui.widgets


def our_classes() -> list[type]:
    modules = [livecheck.tui.app]
    for package in (livecheck.tui.screens, livecheck.tui.widgets):
        modules += [
            importlib.import_module(f"{package.__name__}.{m.name}")
            for m in pkgutil.iter_modules(package.__path__)
        ]
    return [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__
    ]


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    bindings = [(cls, b) for cls in our_classes() for b in cls.__dict__.get("BINDINGS", [])]
    assert len(bindings) > 20
    for cls, binding in bindings:
        assert isinstance(binding, Binding), (cls, binding)
        assert binding.id and binding.tooltip, (cls.__name__, binding.key)


def test_binding_ids_are_unique_per_class() -> None:
    for cls in our_classes():
        ids = [b.id for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
        assert len(ids) == len(set(ids)), cls.__name__


def test_the_keys_hints_name_are_the_apps_defaults() -> None:
    """Hints name keys through present.keys; its defaults must be the app's bindings."""
    from livecheck.present.keys import DEFAULT_KEYS

    app_keys = {
        b.id: b.key
        for cls in our_classes()
        for b in cls.__dict__.get("BINDINGS", [])
        if isinstance(b, Binding) and b.id
    }
    for binding_id, key in DEFAULT_KEYS.items():
        assert app_keys.get(binding_id) == key, binding_id
