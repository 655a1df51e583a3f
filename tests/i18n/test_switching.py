"""The gettext helpers read the language when they are called: the interface can switch
live, and one piece of output can be in another language without touching the rest."""

from __future__ import annotations

import threading

import pytest

from livecheck.i18n import (
    LanguageError,
    _,
    current_language,
    interface_language,
    ngettext,
    pgettext,
    set_language,
    translator,
    use_language,
)


def test_strings_follow_a_live_switch() -> None:
    assert _("Stale playbooks") == "Stale playbooks"
    set_language("fr")
    assert _("Stale playbooks") == "Playbooks à relire"
    set_language("en")
    assert _("Stale playbooks") == "Stale playbooks"


def test_french_plurals_put_zero_and_one_in_the_singular() -> None:
    fr = translator("fr")
    got = [fr.ngettext("{n} run", "{n} runs", n).format(n=n) for n in (0, 1, 2, 1000)]
    assert got == ["0 exécution", "1 exécution", "2 exécutions", "1000 exécutions"]
    en = translator("en")
    assert [en.ngettext("{n} run", "{n} runs", n).format(n=n) for n in (0, 1)] == [
        "0 runs",
        "1 run",
    ]


def test_a_context_is_part_of_the_key() -> None:
    set_language("fr")
    assert pgettext("duration", "{minutes} min") == "{minutes}\u00a0min"
    # The same English without its context is another message (not in the catalogue).
    assert _("{minutes} min") == "{minutes} min"
    assert ngettext("{n} resolved", "{n} resolved", 2) == "{n} résolues"


def test_one_output_in_another_language_leaves_the_interface_alone() -> None:
    set_language("en")
    with use_language("fr") as fr:
        assert current_language() == "fr" and fr.lang == "fr"
        assert _("No feedback.") == "Aucun retour."
        assert interface_language() == "en"
    assert current_language() == "en" and _("No feedback.") == "No feedback."


def test_use_language_holds_for_its_own_thread_only() -> None:
    set_language("en")
    inside = threading.Event()
    leave = threading.Event()
    seen: dict[str, str] = {}

    def summary_in_french() -> None:
        with use_language("fr"):
            seen["thread"] = _("No feedback.")
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=summary_in_french)
    worker.start()
    assert inside.wait(5)
    seen["main"] = _("No feedback.")  # while the other thread is inside use_language
    leave.set()
    worker.join(5)
    assert seen == {"thread": "Aucun retour.", "main": "No feedback."}


def test_languages_without_a_catalogue_are_refused() -> None:
    with pytest.raises(LanguageError, match="use one of en, fr"):
        set_language("de")
    with pytest.raises(LanguageError):
        translator("xx")
    with pytest.raises(LanguageError), use_language("de"):
        pass
    assert interface_language() == "en"
