"""Line counts of src/livecheck, per package, as the Markdown table in docs/architecture.md.

    python tools/line_counts.py            # the table, then the largest modules
    python tools/line_counts.py --over 400 # also: exit 1 when a module is longer than 400 lines

A package is a folder right under src/livecheck, its subfolders included (journal/team
counts in journal); lines are physical lines, as `wc -l` counts them. Standard library only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "livecheck"


def lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--over", type=int, help="exit 1 if a module has more lines than this")
    parser.add_argument("--largest", type=int, default=5, help="how many of the largest to list")
    args = parser.parse_args()
    modules = {p: lines(p) for p in sorted(SRC.rglob("*.py"))}
    packages: dict[str, list[Path]] = {}
    for path in modules:
        rel = path.relative_to(SRC)
        packages.setdefault(rel.parts[0] if len(rel.parts) > 1 else "(top level)", []).append(path)
    print("| package | modules | lines | largest module (lines) |")
    print("| --- | ---: | ---: | --- |")
    for name, paths in sorted(packages.items(), key=lambda item: -sum(modules[p] for p in item[1])):
        big = max(paths, key=lambda p: modules[p])
        shown = f"`{name}/`" if name != "(top level)" else name
        print(
            f"| {shown} | {len(paths)} | {sum(modules[p] for p in paths):,} | "
            f"`{big.relative_to(SRC)}` ({modules[big]}) |"
        )
    print(f"| **all** | {len(modules)} | {sum(modules.values()):,} | |")
    print()
    print("Largest modules:")
    for path, n in sorted(modules.items(), key=lambda item: -item[1])[: args.largest]:
        print(f"  {n:5d}  {path.relative_to(SRC)}")
    if args.over is not None:
        over = [p for p, n in modules.items() if n > args.over]
        if over:
            print(f"\n{len(over)} module(s) over {args.over} lines", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
