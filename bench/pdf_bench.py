"""Time jixiao's PDF path against pdfplumber's own floor on the same files.

    python bench/pdf_bench.py [--files GLOB] [--reports 100] [--rounds 3] [--write-readme]

The floor is what any pdfplumber-based reader pays at least: open the file, and on every
page run the table finder and the word extraction once (then close the page). jixiao's
figures are `parsers.pdf.parse_pdf` on the same files with its default engine (pdfium) and
with the reference engine (pdfplumber), and the whole per-file pipeline
(`ingest.worker.process_file`: sniff, parse, normalize, reconcile), all in one run. The sample PDFs are repeated until at least `--reports` reports are timed;
each measure is run `--rounds` times, interleaved, and the best round counts (the machine
is shared, so the minimum is the least noisy estimate). One process, one core.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import platform
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import pdfplumber  # noqa: E402

from parsers.pdf import parse_pdf  # noqa: E402

README = os.path.join(ROOT, "bench", "README.md")
NOTES = """Reading the figures:

- The floor is pdfminer's page parsing inside pdfplumber (`page.objects`) plus the table
  finder and word grouping. The default engine does not pay it: pdfium parses the content
  streams in C, the reader takes each page's characters (loose boxes, origins, font size)
  and the edges of its painted paths from pdfium, and finds tables with pdfplumber's own
  edge-merging and cell-building functions, so the cells are the same rectangles. The
  plumber engine (the reference the tests compare against) is the old path.
- What is left of a fast parse is jixiao's own geometry (grids, spans, lines and
  paragraphs, running headers, joins across pages) and pdfium's calls; the whole pipeline
  adds the normalizers (~30-50 ms/report).
- The machine was shared with other developers (two cores, both often busy): each measure
  is the best of its rounds, taken interleaved, so the ratios are fair even when the
  absolute figures drift.
"""
SECTION = "## PDF"


def floor(path: str) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.find_tables()
            page.extract_words()
            page.close()


def pipeline_runner():
    """process_file bound to its arguments, or None when the pipeline is not importable."""
    try:
        import normalizers
        from ingest.worker import process_file
    except Exception:  # the normalizers are written by someone else; bench what exists
        return None
    if not hasattr(normalizers, "normalize"):
        return None
    digests = {}

    def run(path: str) -> None:
        if path not in digests:
            with open(path, "rb") as fh:
                digests[path] = hashlib.sha256(fh.read()).hexdigest()
        result = process_file(path, os.path.basename(path), digests[path])
        if result["status"] == "failed":
            raise RuntimeError(f"{path}: {result['error']}")

    return run


def timed(fn, paths: list) -> float:
    started = time.perf_counter()
    for path in paths:
        fn(path)
    return time.perf_counter() - started


def default_files() -> list:
    files = sorted(glob.glob(os.path.join(ROOT, "samples", "pdf", "*.pdf")))
    return files or sorted(glob.glob(os.path.join(ROOT, "tests", "parsers", "fixtures", "*.pdf")))


def page_count(path: str) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", help="glob of PDFs (default: samples/pdf/*.pdf)")
    ap.add_argument("--reports", type=int, default=100, help="at least this many reports per measure")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-pipeline", action="store_true", help="skip the whole-pipeline measure")
    ap.add_argument("--write-readme", action="store_true", help=f"record the figures in {README}")
    args = ap.parse_args(argv)

    files = sorted(glob.glob(args.files)) if args.files else default_files()
    if not files:
        print("no PDF files to time", file=sys.stderr)
        return 1
    reps = -(-args.reports // len(files))
    paths = files * reps
    pages = sum(page_count(f) for f in files) * reps

    measures = [("pdfplumber floor", floor), ("parse_pdf (pdfium)", parse_pdf),
                ("parse_pdf (plumber engine)", lambda p: parse_pdf(p, engine="plumber"))]
    pipe = None if args.no_pipeline else pipeline_runner()
    if pipe is not None:
        measures.append(("whole pipeline", pipe))
    for _name, fn in measures:  # warm up: imports, font and CMap caches
        for f in files:
            fn(f)
    best = {name: float("inf") for name, _ in measures}
    for _ in range(args.rounds):
        for name, fn in measures:
            best[name] = min(best[name], timed(fn, paths))

    base = best["pdfplumber floor"]
    lines = [f"{len(paths)} reports ({len(files)} files x {reps}), {pages} pages, "
             f"best of {args.rounds} rounds, one process",
             "", "| measure | total s | ms/report | ms/page | vs floor |", "|---|---:|---:|---:|---:|"]
    for name, _ in measures:
        t = best[name]
        lines.append(f"| {name} | {t:.2f} | {1000 * t / len(paths):.1f} | "
                     f"{1000 * t / pages:.2f} | {t / base:.2f}x |")
    report = "\n".join(lines)
    print(report)
    if args.write_readme:
        write_readme(report, files)
    return 0


def write_readme(report: str, files: list) -> None:
    rel = sorted({os.path.relpath(os.path.dirname(f), ROOT) for f in files})
    body = (f"{SECTION}\n\n"
            "`python bench/pdf_bench.py --write-readme` times `parsers.pdf.parse_pdf` (pdfium engine,\n"
            "and the pdfplumber reference engine) and the whole per-file pipeline\n"
            "(`ingest.worker.process_file`) against pdfplumber's floor on the same files: open every\n"
            "page, run `page.find_tables()` and `page.extract_words()` once.\n"
            "Goal (issue 9): the whole PDF pipeline at or under 0.35x the floor.\n\n"
            f"Files: {', '.join(rel)}/*.pdf. Machine: {platform.machine()}, "
            f"Python {platform.python_version()}, pdfplumber {pdfplumber.__version__}, "
            f"{time.strftime('%Y-%m-%d')}.\n\n{report}\n\n{NOTES}")
    text = ""
    if os.path.exists(README):
        with open(README, encoding="utf-8") as fh:
            text = fh.read()
    pattern = re.compile(r"^## PDF\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: body + "\n", text, count=1)
    else:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "# Benchmarks\n\n") + body
    with open(README, "w", encoding="utf-8") as fh:
        fh.write(text.rstrip("\n") + "\n")


if __name__ == "__main__":
    sys.exit(main())
