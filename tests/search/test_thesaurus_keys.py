"""The thesaurus's phrase keys kept beside the index: a new process reads them back
rather than stemming every phrase again, finds the same alternatives, and ignores
keys made from other rules or a damaged file."""

from __future__ import annotations

import json
from pathlib import Path

from livecheck.search import synonyms
from livecheck.search.engine import WhooshSearch
from livecheck.search.lexicon import Lexicon
from livecheck.search.synonyms import Thesaurus
from livecheck.search.thesaurus_keys import FILE_NAME, load_keys, save_keys

RULES = """
creator, streamer, créateur, créatrice
password, mot de passe, mdp
knife, gun, couteau => weapon, arme
payslip => earnings certificate
"""
WORDS = ["streamers", "couteau", "mot", "de", "passe", "payslip", "password"]


def test_seeded_keys_find_what_stemming_finds(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / FILE_NAME
    save_keys(path, Thesaurus.from_text(RULES))
    expected = Thesaurus.from_text(RULES).alternatives(WORDS)

    seeded = Thesaurus.from_text(RULES)
    assert load_keys(path, seeded)
    stemmed: list[str] = []
    real = synonyms.word_key
    monkeypatch.setattr(synonyms, "word_key", lambda w: stemmed.append(w) or real(w))
    synonyms.phrase_key.cache_clear()
    assert seeded.alternatives(WORDS) == expected
    # No triggering phrase of the rules was stemmed again: only the query's words
    # and what one-way rules find (which trigger nothing).
    assert set(stemmed) <= {*WORDS, "weapon", "arme", "earnings", "certificate"}
    assert "streamer" not in stemmed and "creatrice" not in stemmed


def test_keys_of_other_rules_or_a_damaged_file_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    save_keys(path, Thesaurus.from_text(RULES))
    other = Thesaurus.from_text(RULES + "gift, cadeau\n")
    assert not load_keys(path, other)
    assert other.alternatives(["cadeau"])[0]  # keyed on demand, as without a file

    data = json.loads(path.read_text(encoding="utf-8"))
    data["keys"] = data["keys"][:-1]  # same fingerprint, keys missing
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not load_keys(path, Thesaurus.from_text(RULES))
    path.write_text("{not json", encoding="utf-8")
    assert not load_keys(path, Thesaurus.from_text(RULES))
    assert not load_keys(tmp_path / "missing.json", Thesaurus.from_text(RULES))


def test_the_first_refresh_writes_the_keys_and_a_new_engine_reads_them(
    tmp_path: Path, library: Path
) -> None:
    lexicon = Lexicon(Thesaurus.from_text(RULES))
    engine = WhooshSearch(tmp_path / "index", [library], lexicon=lexicon)
    engine.refresh()
    path = tmp_path / "index" / FILE_NAME
    assert path.exists() and path.stat().st_mode & 0o777 == 0o600
    expected = engine.search("streamer couteau").hits
    engine.close()

    fresh = Thesaurus.from_text(RULES)
    again = WhooshSearch(tmp_path / "index", [library], lexicon=Lexicon(fresh))
    assert again.search("streamer couteau").hits == expected
    assert fresh._keyed and fresh._known_keys  # read from the file, not stemmed
    again.close()


def test_keys_that_cannot_be_written_are_kept_in_memory(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from livecheck.search import thesaurus_keys

    def unreadable(thesaurus: Thesaurus) -> str:
        raise OSError("no module files to fingerprint")

    monkeypatch.setattr(thesaurus_keys, "fingerprint", unreadable)
    thesaurus = Thesaurus.from_text(RULES)
    save_keys(tmp_path / FILE_NAME, thesaurus)  # no error: keying again next time
    assert not (tmp_path / FILE_NAME).exists()
    assert thesaurus._keyed  # keyed all the same
    save_keys(tmp_path / "no-such-folder" / FILE_NAME, Thesaurus.from_text(RULES))
