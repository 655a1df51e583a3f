"""Driving `livecheck run` through a pipe, as a script or a screen reader would:
write one answer, read until the next prompt."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.reliability.conftest import cli_env


class PlainRun:
    def __init__(self, args: list[str], data_dir: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "livecheck", "run", *args],
            env=cli_env(data_dir),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.output = ""

    def read_until(self, *marks: str, timeout: float = 30) -> str:
        """Output up to (and including) the first of `marks`; '' at end of output."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        start = len(self.output)
        while True:
            text = self.output[start:]
            for mark in marks:
                if mark in text:
                    return text
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {marks!r} in {text[-500:]!r}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return text
            self.output += chunk.decode("utf-8", errors="replace")

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def close(self, timeout: float = 30) -> int:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()
        self.read_until("\0never\0", timeout=timeout)
        return self.proc.wait(timeout)
