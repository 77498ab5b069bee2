"""How much faster two processes are than one on this machine, with no veille code at all.

    .venv/bin/python benchmarks/cpu_ceiling.py --seconds 20

The Dask target (2 workers at least 1.7x one) assumes the machine can give two processes
1.7x the work of one. On a shared virtual machine two vCPUs need not be two free cores, so
this measures the ceiling beside the pipeline figures: the same pure-Python loop (no memory
traffic, no I/O, no GIL shared) for a fixed time in one process, then in two at once; the
ratio of work done is the best any two-worker run can reach.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import time
from datetime import date


def spin(seconds: float) -> int:
    """Loop iterations completed in `seconds` of wall time."""
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for _ in range(10_000):
            done += 1
    return done


def work_in_parallel(processes: int, seconds: float) -> int:
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        return sum(pool.map(spin, [seconds] * processes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    arguments = parser.parse_args()
    one = work_in_parallel(1, arguments.seconds)
    two = work_in_parallel(2, arguments.seconds)
    print(json.dumps({
        "one_process": one, "two_processes": two, "ratio": round(two / one, 3),
        "seconds": arguments.seconds, "cpus": multiprocessing.cpu_count(),
        "machine": platform.machine(), "date": date.today().isoformat()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
