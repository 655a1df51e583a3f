"""The core must run without the UI, and importing it must not touch the disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import livecheck

PACKAGE = Path(livecheck.__file__).parent


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "tui" in rel.parts or rel.name == "__main__":
            continue
        names.append(".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts))
    return names


def test_core_modules_found() -> None:
    modules = core_modules()
    assert "livecheck.playbook.loader" in modules and "livecheck.cli" in modules


def test_importing_the_core_never_imports_textual(tmp_path: Path) -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    loaded = json.loads(out.stdout)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded), loaded
    # Nothing is created at import time: not the data, config or cache dirs.
    assert sorted(p.name for p in tmp_path.iterdir()) == []
