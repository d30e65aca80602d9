#!/usr/bin/env python3
"""Growth in N: time per report and peak memory of the parent and the workers.

    .venv/bin/python bench/scale_bench.py                        # N = 500, 2000, 8000
    .venv/bin/python bench/scale_bench.py --sizes 500,2000 --workers 2

Inputs are copies of `samples/*.docx` made distinct by their zip comment (see
`bulk_bench.make_inputs`). Each N runs the real command once in a fresh output folder;
a sampler reads the resident memory of the run's process (the parent), of each worker
and of the whole tree every 50 ms. The parent's peak must not grow with N (it streams
the tables out a batch at a time); a worker's peak must not grow either (each holds one
file); time per report must stay flat or fall (growth linear or better).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bulk_bench import ROOT, _vmrss as _rss, make_inputs, run_sampled  # noqa: E402


def _children() -> dict:
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    stat = fh.read()
                ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            out.setdefault(ppid, []).append(int(name))
    return out


def sample(root_pid: int) -> tuple:
    """(tree, parent, largest other process) resident bytes right now."""
    kids, todo, sizes = _children(), [root_pid], {}
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, []))
        sizes[pid] = _rss(pid)
    parent = sizes.pop(root_pid, 0)
    return parent + sum(sizes.values()), parent, max(sizes.values(), default=0)


def run_once(inputs: str, out: str, workers: int, formats: str, extra=()) -> dict:
    cmd = [sys.executable, "-m", "ingest.cli", "run", inputs, "-o", out,
           "--workers", str(workers), "--quiet", "--format", formats, *extra]
    env = dict(os.environ, PYTHONPATH=ROOT)
    seconds, peak = run_sampled(cmd, env, sample)
    return {"seconds": seconds, "tree": peak[0], "parent": peak[1], "worker": peak[2]}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="500,2000,8000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--formats", default="csv,parquet",
                    help="--format of the runs (default: the streamed tables only; the "
                         "review outputs read whole tables and are timed by their own bench)")
    ap.add_argument("--dask", action="store_true", help="run on a Dask LocalCluster (--dask)")
    ap.add_argument("--keep", help="keep inputs/outputs in this folder")
    args = ap.parse_args(argv)
    base = args.keep or tempfile.mkdtemp(prefix="jixiao-scale-")
    rows = []
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            inputs = os.path.join(base, f"in-{n}")
            if not os.path.isdir(inputs):
                make_inputs(inputs, n)
            out = os.path.join(base, f"out-{n}")
            shutil.rmtree(out, ignore_errors=True)
            r = run_once(inputs, out, args.workers, args.formats,
                         ["--dask"] if args.dask else [])
            rows.append((n, r))
            print(f"N={n}: {r['seconds']:.1f} s, {1000 * r['seconds'] / n:.1f} ms/report, "
                  f"{n / r['seconds']:.1f} reports/s; peak RSS parent {r['parent'] / 2**20:.0f} MB, "
                  f"largest worker {r['worker'] / 2**20:.0f} MB, tree {r['tree'] / 2**20:.0f} MB",
                  flush=True)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\n{args.workers} workers{' (Dask LocalCluster)' if args.dask else ''}, "
          f"--format {args.formats}\n")
    print("| N | seconds | ms/report | reports/s | peak RSS parent | largest worker | whole tree |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, r in rows:
        print(f"| {n} | {r['seconds']:.1f} | {1000 * r['seconds'] / n:.1f} | {n / r['seconds']:.1f} "
              f"| {r['parent'] / 2**20:.0f} MB | {r['worker'] / 2**20:.0f} MB "
              f"| {r['tree'] / 2**20:.0f} MB |")


if __name__ == "__main__":
    main()
