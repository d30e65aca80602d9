"""DOCX vs XLSX vs HTML: milliseconds per file for the same reports.

    .venv/bin/python bench/formats_bench.py                 # table of ms per file, all formats
    .venv/bin/python bench/formats_bench.py --only xlsx     # one format only (for farm-bench)
    farm-bench -n 5 -- .venv/bin/python bench/formats_bench.py --only xlsx \
        --vs '.venv/bin/python bench/formats_bench.py --only docx'

The files are the samples that exist in all three formats: each `samples/<name>.docx` and
its twins `samples/xlsx/<name>.xlsx` and `samples/html/<name>.html` (and the same under
`samples/selfeval/`), so the three formats carry the same tables and text. For each format
it times `parsers.parse` (file → document model) and `ingest.worker.process_file` (parse +
normalize + reconcile, what a worker does per file), in rounds that alternate the formats
(DOCX, XLSX, HTML, DOCX, ...) so that a drift of the machine's speed hits all three alike,
and prints the median of the rounds, in ms per file, with the ratio to DOCX.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

FORMATS = ("docx", "xlsx", "html")
FOLDERS = ("samples", "samples/selfeval")


def triples() -> dict:
    """{format: [paths]} for the reports present in all three formats, same order."""
    out = {f: [] for f in FORMATS}
    for folder in FOLDERS:
        base = os.path.join(ROOT, folder)
        for docx in sorted(glob.glob(os.path.join(base, "*.docx"))):
            name = os.path.basename(docx)[:-5]
            twins = [os.path.join(base, f, f"{name}.{f}") for f in FORMATS[1:]]
            if all(os.path.exists(t) for t in twins):
                for fmt, path in zip(FORMATS, [docx] + twins):
                    out[fmt].append(path)
    return out


def time_parse(paths: list) -> float:
    import parsers

    start = time.perf_counter()
    for p in paths:
        parsers.parse(p)
    return (time.perf_counter() - start) * 1000 / len(paths)


def time_process(paths: list, shas: dict) -> float:
    from ingest.worker import process_file

    start = time.perf_counter()
    for p in paths:
        result = process_file(p, os.path.basename(p), shas[p])
        if result["status"] not in ("ok", "partial"):
            raise RuntimeError(f"{p}: {result['error']}")
    return (time.perf_counter() - start) * 1000 / len(paths)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", choices=FORMATS, help="process only this format, once (farm-bench)")
    args = ap.parse_args(argv)
    files = triples()
    shas = {p: hashlib.sha256(open(p, "rb").read()).hexdigest() for ps in files.values() for p in ps}
    if args.only:
        time_process(files[args.only], shas)
        return 0
    for fmt in FORMATS:  # warm-up: imports, caches
        time_process(files[fmt][:3], shas)
    parse = {f: [] for f in FORMATS}
    process = {f: [] for f in FORMATS}
    for _ in range(args.rounds):
        for fmt in FORMATS:
            parse[fmt].append(time_parse(files[fmt]))
            process[fmt].append(time_process(files[fmt], shas))
    n = len(files["docx"])
    print(f"{n} reports in each format, {args.rounds} rounds, median ms per file")
    print("| format | parse ms | × DOCX | parse + normalize + reconcile ms | × DOCX | mean size KB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    base_p = statistics.median(parse["docx"])
    base_w = statistics.median(process["docx"])
    for fmt in FORMATS:
        p, w = statistics.median(parse[fmt]), statistics.median(process[fmt])
        size = statistics.mean(os.path.getsize(x) for x in files[fmt]) / 1024
        print(f"| {fmt} | {p:.1f} | {p / base_p:.2f} | {w:.1f} | {w / base_w:.2f} | {size:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
