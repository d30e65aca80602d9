#!/usr/bin/env python3
"""Bulk import benchmark: DOCX reports per second and peak memory of `jixiao run`.

    .venv/bin/python bench/bulk_bench.py                 # N=500 and N=2000, 1 and 2 workers
    .venv/bin/python bench/bulk_bench.py --sizes 200 --workers 2

Inputs are the sample reports (`samples/*.docx`) copied round-robin, each copy made unique
by its zip comment (same content, different sha256, so nothing is deduplicated). Each
configuration runs the real command (`python -m ingest.cli run`) in a fresh output folder
and samples the resident memory of its whole process tree (the run, the forkserver and
the workers) every 50 ms, with psutil when installed and /proc otherwise. A second run on
the same folder measures the resume path (everything taken from the cache).
"""
from __future__ import annotations

import argparse
import glob
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_inputs(folder: str, n: int) -> None:
    samples = sorted(glob.glob(os.path.join(ROOT, "samples", "*.docx")))
    if not samples:
        sys.exit("no samples/*.docx: run samples/generate.py first")
    datas = [open(p, "rb").read() for p in samples]
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        buf = io.BytesIO(datas[i % len(datas)])
        with zipfile.ZipFile(buf, "a") as zf:
            zf.comment = b"bench copy %d" % i
        sub = os.path.join(folder, f"d{i // 500:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"r{i:05d}.docx"), "wb") as fh:
            fh.write(buf.getvalue())


def tree_rss(root_pid: int) -> tuple:
    """Resident bytes of (root_pid and all its descendants, root_pid alone)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            proc = psutil.Process(root_pid)
            procs = [proc] + proc.children(recursive=True)
        except psutil.Error:
            return 0, 0
        sizes = []
        for p in procs:
            try:
                sizes.append(p.memory_info().rss)
            except psutil.Error:
                sizes.append(0)
        return sum(sizes), sizes[0]
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(name))
    total, root, todo = 0, 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        rss = _vmrss(pid)
        total += rss
        if pid == root_pid:
            root = rss
    return total, root


def _vmrss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_sampled(cmd: list, env: dict, sample) -> tuple:
    """Run `cmd` to its end, sampling `sample(pid)` (a tuple of resident sizes) every 50 ms:
    (wall seconds, the peak of each figure). A failed run ends the benchmark."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    peak = list(sample(proc.pid))

    def watch():
        while proc.poll() is None:
            peak[:] = [max(a, b) for a, b in zip(peak, sample(proc.pid))]
            time.sleep(0.05)

    sampler = threading.Thread(target=watch, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"run failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    return seconds, peak


def timed_run(inputs: str, out: str, workers: int) -> dict:
    cmd = [sys.executable, "-m", "ingest.cli", "run", inputs, "-o", out,
           "--workers", str(workers), "--quiet", "--format", "csv,parquet"]
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("JIXIAO_DEBUG_DELAY", None)
    seconds, peak = run_sampled(cmd, env, tree_rss)
    with open(os.path.join(out, "jixiao.log"), encoding="utf-8") as fh:
        log = fh.read()
    reused = int(log.rsplit("reused from earlier runs:", 1)[1].split(",")[0])
    return {"seconds": seconds, "peak_rss": peak[0], "peak_parent": peak[1], "reused": reused}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="500,2000", help="comma-separated N values")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--keep", help="keep inputs/outputs in this folder")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    workers = [int(x) for x in args.workers.split(",")]
    base = args.keep or tempfile.mkdtemp(prefix="jixiao-bench-")
    rows = []
    try:
        for n in sizes:
            inputs = os.path.join(base, f"in-{n}")
            if not os.path.isdir(inputs):
                make_inputs(inputs, n)
            for w in workers:
                out = os.path.join(base, f"out-{n}-w{w}")
                shutil.rmtree(out, ignore_errors=True)
                first = timed_run(inputs, out, w)
                again = timed_run(inputs, out, w)
                csv_mb = sum(os.path.getsize(p) for p in glob.glob(os.path.join(out, "*.csv"))) / 1e6
                rows.append((n, w, first, again, csv_mb))
                print(f"N={n} workers={w}: {first['seconds']:.1f} s, "
                      f"{n / first['seconds']:.1f} reports/s, peak RSS tree "
                      f"{first['peak_rss'] / 2**20:.0f} MB (parent {first['peak_parent'] / 2**20:.0f} MB); "
                      f"rerun {again['seconds']:.1f} s reusing {again['reused']}/{n}; "
                      f"CSV {csv_mb:.1f} MB", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print()
    print("| N | workers | seconds | reports/s | peak RSS, whole tree | of which parent "
          "| rerun (reused) | CSV size |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, w, first, again, mb in rows:
        print(f"| {n} | {w} | {first['seconds']:.1f} | {n / first['seconds']:.1f} "
              f"| {first['peak_rss'] / 2**20:.0f} MB | {first['peak_parent'] / 2**20:.0f} MB "
              f"| {again['seconds']:.1f} s ({again['reused']}) | {mb:.1f} MB |")


if __name__ == "__main__":
    main()
