"""Parse + validate throughput of the loader.

    python bench/load.py [N]

Generates N synthetic playbooks (~4 KB, 6-14 steps) in a temp dir, loads them
the way `livecheck lint` does (read, safe-parse, validate, cross-file checks),
and prints files/s. Target: 1,000 playbooks in <= 1.5 s. Best of 3 runs, since
this machine is shared.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from livecheck.playbook.library import load_library
from synthetic import write_library


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = write_library(root, count)
        size = sum(p.stat().st_size for p in paths) / len(paths)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            library = load_library([root])
            times.append(time.perf_counter() - start)
        best = min(times)
        print(f"playbooks: {count} (mean {size / 1024:.1f} KB)")
        print(f"problems: {library.error_count} errors, {library.warning_count} warnings")
        print(f"load: best {best:.3f} s of 3 ({', '.join(f'{t:.3f}' for t in times)})")
        print(f"throughput: {count / best:,.0f} files/s")
        print(f"target: 1,000 in <= 1.5 s -> {'met' if best * 1000 / count <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
