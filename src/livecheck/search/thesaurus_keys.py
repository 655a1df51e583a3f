"""The thesaurus's phrase keys, kept beside the index from one process to the next.

Keying the thesaurus's ~6,400 triggering phrases means stemming each of their
words (Whoosh's Snowball stemmers, pure Python): a few hundred milliseconds,
paid a first letter at a time by the first queries of every new process (the
CLI's `livecheck search`, the app before its warm-up ends). Once keyed, the keys
are written to a file beside the index; a new process reads them back in a few
milliseconds.

The file says what it was computed from (the rules, and the code that turns a
phrase into its key): a file made by another version of the thesaurus or of
that code is ignored, and written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from livecheck.safety.files import write_private_atomically
from livecheck.search import analysis, snowball, synonyms
from livecheck.search.synonyms import Thesaurus

FILE_NAME = "thesaurus-keys.json"
MAX_BYTES = 16 * 1024 * 1024


def fingerprint(thesaurus: Thesaurus) -> str:
    """What the keys depend on: the rules, and the modules that compute a key."""
    digest = hashlib.sha256(repr(thesaurus.rules).encode("utf-8"))
    for module in (synonyms, analysis, snowball):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def load_keys(path: Path, thesaurus: Thesaurus) -> bool:
    """Seed `thesaurus` with the keys in `path` if they were computed from the same
    rules and code; False if there is no such file (or it cannot be read)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return False
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("fingerprint") != fingerprint(thesaurus):
            return False
        keys = data.get("keys")
        if not isinstance(keys, list):
            return False
        thesaurus.seed_keys([tuple(k) for k in keys])
    except (OSError, ValueError, TypeError):
        return False
    return True


def save_keys(path: Path, thesaurus: Thesaurus) -> None:
    """Key the whole thesaurus (if it is not already) and write the keys to `path`.
    Best effort: a folder that cannot be written only means keying again next time."""
    keys = thesaurus.trigger_keys()
    thesaurus.seed_keys(keys)
    with contextlib.suppress(OSError):
        data = {"fingerprint": fingerprint(thesaurus), "keys": keys}
        write_private_atomically(path, [json.dumps(data, ensure_ascii=False).encode("utf-8")])
