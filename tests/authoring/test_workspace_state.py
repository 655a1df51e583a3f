"""The Workspace exposes each language's translation state, for the app to display."""

from __future__ import annotations

from pathlib import Path

from livecheck.present.authoring import drift_banner, translation_line
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from tests.authoring.conftest import Run
from tests.authoring.test_drift_and_status import change_source_step, tracked_library


def test_workspace_translation_states(run: Run, library: Path, tmp_path: Path) -> None:
    tracked_library(run, library)
    workspace = Workspace(resolve_settings(playbooks=[str(library)], data_dir=str(tmp_path / "d")))
    workspace.engine.refresh()  # the app builds the index first; its files say where each version is
    report = workspace.translations_of("live-ended-by-ban")
    assert translation_line(report) == "Translations: English: source · Français: up to date"
    assert drift_banner(report.translations[0]) is None
    change_source_step(library)
    report = workspace.translations_of("live-ended-by-ban")
    assert translation_line(report) == (
        "Translations: English: source · Français: 1 step out of date"
    )
    banner = drift_banner(report.translations[0])
    assert banner is not None and "find-notice" in banner
    other = workspace.translations_of("ban-follow-up")
    assert translation_line(other) == "Translations: English: source · Français: missing"
