"""The index on disk: incremental refresh, warm starts, damage, locks, rebuilds.

Each test works on its own copy of the fixture library and its own index dir.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import livecheck.playbook.loader as loader_module
import livecheck.search.index as index_module
from livecheck.search.engine import WhooshSearch

from .conftest import FIXTURE_FILES, ids

SRC = Path(__file__).resolve().parents[2] / "src"


def playbook(pid: str, title: str, *, lang: str = "en", body: str = "a creator") -> str:
    return f"""\
id: {pid}
lang: {lang}
title: {title}
summary: Something happened to {body} during a LIVE.
when: Use when {body} reports it.
category: operational
severity: low
owner: eu-live-creator-ops
reviewed: 2026-10-01
steps:
  - id: one
    title: Do the first thing
"""


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "index"


@pytest.fixture
def engine(index_dir: Path, library: Path) -> Iterator[WhooshSearch]:
    engine = WhooshSearch(index_dir, [library])
    report = engine.refresh()
    assert report.rebuilt and report.added == FIXTURE_FILES
    yield engine
    engine.close()


@pytest.fixture
def load_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Paths of the files the index parses from now on."""
    calls: list[Path] = []
    # The index imports the loader when it reads files: patch it where it lives.
    real = loader_module.load_playbook_bytes

    def counting(data: bytes, source: object) -> object:
        calls.append(source.path)  # type: ignore[attr-defined]
        return real(data, source)  # type: ignore[arg-type]

    monkeypatch.setattr(loader_module, "load_playbook_bytes", counting)
    return calls


def generation(engine: WhooshSearch) -> Path:
    gen = engine.store.current_generation()
    assert gen is not None
    return gen


# -- first build and incremental updates ---------------------------------------------------


def test_first_refresh_builds_everything(index_dir: Path, library: Path) -> None:
    progress: list[tuple[int, int]] = []
    report = WhooshSearch(index_dir, [library]).refresh(
        progress=lambda n, t: progress.append((n, t))
    )
    assert report.rebuilt and report.reason
    assert (report.added, report.changed, report.removed, report.broken) == (FIXTURE_FILES, 0, 0, 0)
    assert report.seconds > 0
    assert progress[-1] == (FIXTURE_FILES, FIXTURE_FILES)
    assert [n for n, _ in progress] == list(range(1, FIXTURE_FILES + 1))


def test_nothing_changed_is_a_no_op(engine: WhooshSearch, load_calls: list[Path]) -> None:
    report = engine.refresh()
    assert not report.rebuilt and not report.deferred
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert report.unchanged == FIXTURE_FILES
    assert load_calls == []


def _add_change_remove(library: Path) -> None:
    (library / "operational" / "gift-refund.en.yaml").write_text(
        playbook("gift-refund", "Refund a mistaken gift"), encoding="utf-8"
    )
    doxxing = library / "trust-safety" / "doxxing-on-live.en.yaml"
    doxxing.write_text(
        doxxing.read_text(encoding="utf-8").replace(
            "Personal information exposed", "Personal information leaked"
        ),
        encoding="utf-8",
    )
    (library / "trust-safety" / "ban-appeal.en.yaml").unlink()


def _assert_sees_changes(engine: WhooshSearch) -> None:
    assert ids(engine.search("refund gift"))[:1] == ["gift-refund"]
    assert ids(engine.search("leaked"))[:1] == ["doxxing-on-live"]
    doxxing = engine.search("doxxing").hits
    assert [h.id for h in doxxing] == ["doxxing-on-live"]
    assert doxxing[0].title == "Personal information leaked on a LIVE (doxxing)"
    assert doxxing[0].other_langs == ()
    assert "ban-appeal" not in ids(engine.search("bannissement appeal"))


def test_added_changed_and_removed_files(
    engine: WhooshSearch, library: Path, index_dir: Path
) -> None:
    _add_change_remove(library)
    report = engine.refresh()
    assert not report.rebuilt
    assert (report.added, report.changed, report.removed) == (1, 1, 1)
    assert report.unchanged == FIXTURE_FILES - 2
    assert report.touched == 3
    engine.close()
    _assert_sees_changes(WhooshSearch(index_dir, [library]))


def test_refresh_then_search_in_a_new_engine(engine: WhooshSearch, library: Path) -> None:
    # an engine that never searched before the refresh opens the index afterwards
    _add_change_remove(library)
    engine.refresh()
    _assert_sees_changes(engine)


def test_running_engine_sees_changed_and_removed_files(engine: WhooshSearch, library: Path) -> None:
    assert ids(engine.search("doxxing"))[:1] == ["doxxing-on-live"]  # searcher now open
    assert "ban-appeal" in ids(engine.search("bannissement"))
    _add_change_remove(library)
    engine.refresh()
    _assert_sees_changes(engine)


def test_each_change_is_counted_once(engine: WhooshSearch, library: Path) -> None:
    new = library / "operational" / "gift-refund.en.yaml"
    new.write_text(playbook("gift-refund", "Refund a mistaken gift"), encoding="utf-8")
    assert engine.refresh().added == 1
    assert engine.refresh().touched == 0
    new.write_text(playbook("gift-refund", "Refund a mistaken coin gift"), encoding="utf-8")
    assert engine.refresh().changed == 1
    new.unlink()
    report = engine.refresh()
    assert report.removed == 1 and report.unchanged == FIXTURE_FILES
    assert "gift-refund" not in ids(engine.search("refund gift"))


def test_a_removed_translation_stops_being_listed(
    engine: WhooshSearch, library: Path, index_dir: Path
) -> None:
    (library / "operational" / "stream-key-setup.fr.yaml").unlink()
    assert engine.refresh().removed == 1
    hit = WhooshSearch(index_dir, [library]).search("stream key").hits[0]
    assert (hit.id, hit.lang, hit.other_langs) == ("stream-key-setup", "en", ())


def test_warm_start_parses_nothing(
    engine: WhooshSearch, library: Path, index_dir: Path, load_calls: list[Path]
) -> None:
    engine.close()
    restarted = WhooshSearch(index_dir, [library])  # as a new process would
    report = restarted.refresh()
    assert not report.rebuilt
    assert report.unchanged == FIXTURE_FILES
    assert load_calls == []
    assert ids(restarted.search("kms"))[:1] == ["self-harm-on-live"]

    changed = library / "campaign" / "campaign-banner-missing.en.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "tags: [overlay]\n", encoding="utf-8")
    report = restarted.refresh()
    assert report.changed == 1
    assert load_calls == [changed]


def test_touched_file_is_not_indexed_again(
    engine: WhooshSearch, library: Path, load_calls: list[Path]
) -> None:
    touched = library / "trust-safety" / "self-harm-on-live.en.yaml"
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    report = engine.refresh()
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert report.unchanged == FIXTURE_FILES
    assert load_calls == []
    # the new mtime is remembered, so the next refresh does not even hash the file
    catalog = json.loads((generation(engine) / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["files"][str(touched)]["mtime_ns"] == touched.stat().st_mtime_ns
    assert engine.refresh().unchanged == FIXTURE_FILES
    assert load_calls == []
    assert ids(engine.search("kms"))[:1] == ["self-harm-on-live"]


# -- files with errors ------------------------------------------------------------------------


def test_broken_file_is_left_out_and_comes_back(engine: WhooshSearch, library: Path) -> None:
    path = library / "trust-safety" / "self-harm-on-live.en.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("severity: critical", "severity: apocalyptic"), encoding="utf-8")

    report = engine.refresh()
    assert (report.changed, report.broken) == (1, 1)
    assert "self-harm-on-live" not in ids(engine.search("kms unalive"))

    again = engine.refresh()  # still broken, still counted, not parsed again
    assert (again.changed, again.broken, again.unchanged) == (0, 1, FIXTURE_FILES)

    path.write_text(good, encoding="utf-8")
    fixed = engine.refresh()
    assert (fixed.changed, fixed.broken) == (1, 0)
    assert ids(engine.search("kms"))[:1] == ["self-harm-on-live"]


@pytest.mark.parametrize(
    "content",
    [
        b"id: [unclosed\n",
        b"\xff\xfe not utf-8",
        b"",
        b"just a string\n",
        b"a: &x 1\nb: *x\n",
        b"!!python/object/apply:os.system ['true']\n",
    ],
)
def test_new_broken_file_is_counted(engine: WhooshSearch, library: Path, content: bytes) -> None:
    (library / "operational" / "broken.en.yaml").write_bytes(content)
    report = engine.refresh()
    assert (report.added, report.broken) == (1, 1)
    assert len(engine.search("creator", limit=50).hits) > 0


def test_ignored_files_are_not_indexed(engine: WhooshSearch, library: Path) -> None:
    (library / "_drafts").mkdir()
    (library / "_drafts" / "draft.en.yaml").write_text(
        playbook("draft-one", "Draft zebra playbook"), encoding="utf-8"
    )
    (library / "operational" / ".hidden.en.yaml").write_text(
        playbook("hidden-one", "Hidden zebra playbook"), encoding="utf-8"
    )
    (library / "operational" / "notes.txt").write_text("zebra", encoding="utf-8")
    report = engine.refresh()
    assert report.touched == 0
    assert engine.search("zebra").hits == ()


# -- damage -----------------------------------------------------------------------------------


def _segment(gen: Path) -> Path:
    return next(p for p in gen.iterdir() if p.suffix == ".seg")


def _toc(gen: Path) -> Path:
    return next(p for p in gen.iterdir() if p.suffix == ".toc")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "segment truncated to half": lambda g: os.truncate(
        _segment(g), _segment(g).stat().st_size // 2
    ),
    "segment emptied": lambda g: os.truncate(_segment(g), 0),
    "segment overwritten": lambda g: _segment(g).write_bytes(b"\0" * _segment(g).stat().st_size),
    "TOC deleted": lambda g: _toc(g).unlink(),
    "TOC truncated": lambda g: os.truncate(_toc(g), _toc(g).stat().st_size // 2),
    "TOC garbage": lambda g: _toc(g).write_bytes(b"not a pickle at all" * 4),
    "catalog deleted": lambda g: (g / "catalog.json").unlink(),
    "catalog garbage": lambda g: (g / "catalog.json").write_text("{", encoding="utf-8"),
    "generation deleted": lambda g: shutil.rmtree(g),
    "CURRENT garbage": lambda g: (g.parent / "CURRENT").write_text("../../etc", encoding="utf-8"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_is_rebuilt_by_refresh(
    engine: WhooshSearch, index_dir: Path, library: Path, damage: str
) -> None:
    engine.close()
    DAMAGE[damage](generation(engine))
    restarted = WhooshSearch(index_dir, [library])
    report = restarted.refresh()
    assert report.rebuilt, report
    assert report.reason
    assert report.added == FIXTURE_FILES
    assert ids(restarted.search("stream key"))[:1] == ["stream-key-setup"]
    assert not restarted.refresh().rebuilt  # and it stays healthy


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_search_on_a_damaged_index_does_not_raise(
    engine: WhooshSearch, index_dir: Path, library: Path, damage: str
) -> None:
    engine.close()
    DAMAGE[damage](generation(engine))
    restarted = WhooshSearch(index_dir, [library])
    response = restarted.search("stream key")
    assert ids(response)[:1] == ["stream-key-setup"]
    report = restarted.refresh()
    assert not report.rebuilt and report.unchanged == FIXTURE_FILES


def test_index_dir_wiped_under_a_running_engine(engine: WhooshSearch, index_dir: Path) -> None:
    assert engine.search("kms").hits
    shutil.rmtree(index_dir)
    assert ids(engine.search("kms"))[:1] == ["self-harm-on-live"]  # no exception
    assert engine.refresh().rebuilt
    assert ids(engine.search("kms"))[:1] == ["self-harm-on-live"]
    assert not engine.refresh().rebuilt


def test_no_index_yet_search_builds_it(index_dir: Path, library: Path) -> None:
    engine = WhooshSearch(index_dir, [library])
    assert ids(engine.search("kms"))[:1] == ["self-harm-on-live"]


def test_old_generations_are_cleaned_up(engine: WhooshSearch, index_dir: Path) -> None:
    for _ in range(4):
        assert engine.refresh(rebuild=True).rebuilt
    generations = sorted(p.name for p in index_dir.glob("gen-*"))
    assert len(generations) <= 2
    assert generation(engine).name in generations


# -- another process writing ---------------------------------------------------------------

LOCK_HOLDER = """
import sys
from whoosh import index
ix = index.open_dir(sys.argv[1])
writer = ix.writer()
print("locked", flush=True)
sys.stdin.readline()
writer.cancel()
print("released", flush=True)
"""


@pytest.fixture
def lock_holder(engine: WhooshSearch) -> Iterator[Callable[[], None]]:
    """Another process holding the Whoosh write lock on the live generation."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(generation(engine))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "locked"

    def release() -> None:
        if proc.poll() is None:
            proc.stdin.write("\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            assert proc.stdout.readline().strip() == "released"  # type: ignore[union-attr]
            proc.wait(timeout=10)

    try:
        yield release
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_refresh_defers_while_another_process_writes(
    engine: WhooshSearch, library: Path, lock_holder: Callable[[], None]
) -> None:
    path = library / "trust-safety" / "spam-bots-in-chat.en.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Spam bots ruining", "Spam bots wrecking"),
        encoding="utf-8",
    )
    report = engine.refresh()
    assert report.deferred and not report.rebuilt
    # searching still works, on the index as it was
    assert ids(engine.search("spam bots"))[:1] == ["spam-bots-in-chat"]
    assert "spam-bots-in-chat" not in ids(engine.search("wrecking "))

    lock_holder()
    report = engine.refresh()
    assert not report.deferred and report.changed == 1
    assert ids(engine.search("wrecking "))[:1] == ["spam-bots-in-chat"]


def test_refresh_without_changes_does_not_need_the_lock(
    engine: WhooshSearch, lock_holder: Callable[[], None]
) -> None:
    report = engine.refresh()
    assert not report.deferred and report.unchanged == FIXTURE_FILES


def test_rebuild_does_not_wait_for_the_lock(
    engine: WhooshSearch, lock_holder: Callable[[], None]
) -> None:
    # a rebuild writes a new generation, so the old one's lock is no obstacle
    report = engine.refresh(rebuild=True)
    assert report.rebuilt and not report.deferred
    assert ids(engine.search("kms"))[:1] == ["self-harm-on-live"]


# -- rebuild triggers ---------------------------------------------------------------------------


def test_schema_version_bump_rebuilds(
    engine: WhooshSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "SCHEMA_VERSION", index_module.SCHEMA_VERSION + 1)
    report = engine.refresh()
    assert report.rebuilt
    assert "schema" in report.reason


def test_schema_version_bump_settles(engine: WhooshSearch, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "SCHEMA_VERSION", index_module.SCHEMA_VERSION + 1)
    assert engine.refresh().rebuilt
    assert not engine.refresh().rebuilt
    assert ids(engine.search("kms"))[:1] == ["self-harm-on-live"]


def test_index_from_an_older_version_is_rebuilt_once(
    engine: WhooshSearch, index_dir: Path, library: Path
) -> None:
    catalog = generation(engine) / "catalog.json"
    data = json.loads(catalog.read_text(encoding="utf-8"))
    data["schema_version"] = index_module.SCHEMA_VERSION - 1
    catalog.write_text(json.dumps(data), encoding="utf-8")
    engine.close()
    restarted = WhooshSearch(index_dir, [library])
    report = restarted.refresh()
    assert report.rebuilt and "schema" in report.reason
    assert not restarted.refresh().rebuilt
    assert ids(restarted.search("kms"))[:1] == ["self-harm-on-live"]


def test_changing_the_roots_rebuilds(
    engine: WhooshSearch, index_dir: Path, library: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    (other / "operational").mkdir(parents=True)
    (other / "operational" / "gift-refund.en.yaml").write_text(
        playbook("gift-refund", "Refund a mistaken gift"), encoding="utf-8"
    )
    both = WhooshSearch(index_dir, [library, other])
    report = both.refresh()
    assert report.rebuilt and report.added == FIXTURE_FILES + 1
    assert ids(both.search("refund gift"))[:1] == ["gift-refund"]

    back = WhooshSearch(index_dir, [library])
    report = back.refresh()
    assert report.rebuilt and report.added == FIXTURE_FILES
    assert "gift-refund" not in ids(back.search("refund gift"))


def test_explicit_rebuild(engine: WhooshSearch, load_calls: list[Path]) -> None:
    report = engine.refresh(rebuild=True)
    assert report.rebuilt and report.added == FIXTURE_FILES
    assert len(load_calls) == FIXTURE_FILES


# -- permissions -----------------------------------------------------------------------------


def test_index_dir_is_private(engine: WhooshSearch, index_dir: Path) -> None:
    assert stat.S_IMODE(index_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(generation(engine).stat().st_mode) == 0o700
    assert stat.S_IMODE((generation(engine) / "catalog.json").stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE((index_dir / "CURRENT").stat().st_mode) & 0o077 == 0


def test_existing_open_index_dir_is_made_private(index_dir: Path, library: Path) -> None:
    index_dir.mkdir(parents=True)
    index_dir.chmod(0o755)
    WhooshSearch(index_dir, [library]).refresh()
    assert stat.S_IMODE(index_dir.stat().st_mode) == 0o700


def test_duplicate_id_and_lang_is_not_shown_as_a_translation(
    engine: WhooshSearch, library: Path
) -> None:
    source = library / "trust-safety" / "self-harm-on-live.en.yaml"
    (library / "trust-safety" / "self-harm-copy.en.yaml").write_bytes(source.read_bytes())
    engine.refresh()
    hits = engine.search("kms").hits
    assert [h.id for h in hits] == ["self-harm-on-live"]
    assert hits[0].lang not in hits[0].other_langs
