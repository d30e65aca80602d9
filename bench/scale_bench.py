#!/usr/bin/env python3
"""Growth in N: time per report and peak memory of the parent and the workers.

    .venv/bin/python bench/scale_bench.py                        # N = 500, 2000, 8000
    .venv/bin/python bench/scale_bench.py --sizes 500,2000 --workers 2
    .venv/bin/python bench/scale_bench.py --sizes 2000,8000 --trace   # what the parent holds

Inputs are copies of `samples/*.docx` made distinct by their zip comment (see
`bulk_bench.make_inputs`). Each N runs the real command once in a fresh output folder;
a sampler reads the resident memory of the run's process (the parent), of each worker
and of the whole tree every 50 ms. The parent's peak must not grow with N (it streams
the tables out a batch at a time); a worker's peak must not grow either (each holds one
file); time per report must stay flat or fall (growth linear or better).

`--trace` runs each N in-process instead (`ingest.pipeline.run`, tracemalloc on in the
parent only) and prints, at the moment the parent's Python objects were largest during
the write phase, the lines that allocated most, with Arrow's own allocation at that
moment: compare two N to see what grows with the number of files.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
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


def traced(inputs: str, out: str, workers: int, top: int = 15) -> None:
    """One run in this process with tracemalloc; print the largest snapshot's top lines."""
    import linecache
    import tracemalloc

    sys.path.insert(0, ROOT)
    import ingest.cli  # noqa: F401  (the allocator settings of the command)
    import pyarrow as pa
    from ingest import cache, pipeline, writers

    best = {"size": 0}

    def take(where: str) -> None:
        size = tracemalloc.get_traced_memory()[0]
        if size > best["size"]:
            best.update(size=size, where=where, arrow=pa.total_allocated_bytes(),
                        snap=tracemalloc.take_snapshot())

    finish, result, n = writers.TableWriter._finish, cache.Cache.result, [0]

    def _finish(self):
        take(f"closing {self.table}")
        finish(self)

    def _result(self, key):
        n[0] += 1
        if n[0] % 250 == 0:
            take(f"file {n[0]}")
        return result(self, key)

    writers.TableWriter._finish, cache.Cache.result = _finish, _result
    tracemalloc.start()
    summary = pipeline.run([inputs], out, workers=workers, quiet=True,
                           formats=("csv", "parquet"))
    snap = best["snap"].filter_traces([tracemalloc.Filter(False, tracemalloc.__file__),
                                       tracemalloc.Filter(False, "<frozen importlib*")])
    stats = snap.statistics("lineno")
    print(f"N={summary.n_files}: Python objects {best['size'] / 2**20:.1f} MB "
          f"(imports left out below: {sum(s.size for s in stats) / 2**20:.1f} MB), "
          f"Arrow {best['arrow'] / 2**20:.1f} MB, at {best['where']}")
    for st in stats[:top]:
        frame = st.traceback[0]
        where = os.path.relpath(frame.filename, ROOT) if frame.filename.startswith(ROOT) \
            else os.path.basename(frame.filename)
        line = linecache.getline(frame.filename, frame.lineno).strip()[:70]
        print(f"{st.size / 1024:9.0f} KB {st.count:8d}  {where}:{frame.lineno}  {line}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="500,2000,8000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--formats", default="csv,parquet",
                    help="--format of the runs (default: the streamed tables only; the "
                         "review outputs read whole tables and are timed by their own bench)")
    ap.add_argument("--dask", action="store_true", help="run on a Dask LocalCluster (--dask)")
    ap.add_argument("--keep", help="keep inputs/outputs in this folder")
    ap.add_argument("--trace", action="store_true",
                    help="in-process runs with tracemalloc: what the parent's objects are")
    ap.add_argument("--traced", nargs=2, help=argparse.SUPPRESS)  # IN OUT, in a child
    args = ap.parse_args(argv)
    if args.traced:
        return traced(*args.traced, args.workers)
    base = args.keep or tempfile.mkdtemp(prefix="jixiao-scale-")
    rows = []
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            inputs = os.path.join(base, f"in-{n}")
            if not os.path.isdir(inputs):
                make_inputs(inputs, n)
            out = os.path.join(base, f"out-{n}")
            shutil.rmtree(out, ignore_errors=True)
            if args.trace:
                subprocess.run([sys.executable, os.path.abspath(__file__), "--workers",
                                str(args.workers), "--traced", inputs, out], check=True)
                shutil.rmtree(out, ignore_errors=True)
                continue
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
    if args.trace:
        return
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
