"""`python -m bench.child CMD...`: run CMD, pass its output through, then print one last line
with its wall time and peak memory.

bench/run.py measures every step through this small process rather than directly: a child's peak
RSS counts the memory of the process it was forked from, and the benchmark's own process holds
generated data; this one holds next to nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

MARK = "BENCH-CHILD "


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    proc = subprocess.Popen(argv)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    sys.stdout.flush()
    cpu = usage.ru_utime + usage.ru_stime
    print(
        MARK
        + json.dumps(
            {"wall_s": wall, "cpu_s": cpu, "peak_mb": usage.ru_maxrss / 1024, "exit": code}
        )
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
