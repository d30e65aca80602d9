#!/usr/bin/env python3
"""Where the milliseconds of one DOCX report go, stage by stage, in one process.

    .venv/bin/python bench/stage_profile.py              # samples/*.docx, best of 5 rounds
    .venv/bin/python bench/stage_profile.py --rounds 3 --files 'samples/keji*.docx'

Each sample is taken through the steps a bulk run performs for it, timed one by one with
perf_counter: the parent's discovery (sha256, sniff), the worker's reading of the DOCX
(unzip, XML parse, styles, model build, joining split tables), normalizing, reconciling,
turning the records into rows, serializing them for the parent, and the parent's share of
writing the output tables. Each stage's figure is the best of the rounds (the machine is
shared; the minimum is the least disturbed), summed over the files and divided by their
number, so the table reads as "ms per report". The stages call the same functions the
pipeline calls (`parsers.docx`, `normalizers`, `ingest.worker`, `ingest.writers`), so the
sum is close to `process_file` plus the parent's per-file work.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import normalizers  # noqa: E402
import parsers  # noqa: E402
from ingest import worker as worker_mod  # noqa: E402
from ingest.rows import encode_result  # noqa: E402
from ingest.writers import TableWriter  # noqa: E402
from ingest.pipeline import DATA_TABLES  # noqa: E402
from parsers import docx as docx_mod  # noqa: E402
from parsers.layout import join_split_tables  # noqa: E402

STAGES = [
    ("discover", "parent: sha256 of the bytes + sniff"),
    ("sniff", "worker: sniff the format"),
    ("unzip", "open the zip, read the parts' bytes"),
    ("xml", "XML parse of document.xml (lxml)"),
    ("styles", "styles + numbering (parsed once per template)"),
    ("model", "walk the XML into the document model"),
    ("layout", "join tables split across pages"),
    ("normalize", "table views, form readers, the seed's form"),
    ("reconcile", "rules of data/rules*.csv"),
    ("rows", "records to row dicts (Report.to_tables)"),
    ("serialize", "row tuples in schema order, pickled for the parent"),
    ("parent", "parent: decode + write CSV and Parquet (share per report)"),
]


def _sha_and_sniff(path):
    with open(path, "rb") as fh:
        hashlib.sha256(fh.read()).hexdigest()
    parsers.sniff(path)


def profile_file(path: str) -> tuple:
    """{stage: seconds} for one file, and the encoded result (for the parent stage)."""
    t = {}
    clock = time.perf_counter
    t0 = clock()
    _sha_and_sniff(path)
    t1 = clock()
    t["discover"] = t1 - t0
    parsers.sniff(path)
    t2 = clock()
    t["sniff"] = t2 - t1
    pkg = docx_mod._Package(path)
    main = pkg.main_document()
    data = pkg.read(main)
    rels = pkg.targets(docx_mod.posixpath.join(docx_mod.posixpath.dirname(main), "_rels",
                                               docx_mod.posixpath.basename(main) + ".rels"),
                       docx_mod.posixpath.dirname(main))
    t3 = clock()
    t["unzip"] = t3 - t2
    from lxml import etree
    root = etree.fromstring(data, docx_mod._safe_parser())
    t4 = clock()
    t["xml"] = t4 - t3
    numbering = docx_mod._numbering(pkg, rels.get("styles"), rels.get("numbering"))
    pkg.close()
    t5 = clock()
    t["styles"] = t5 - t4
    body = root.find(docx_mod.q("body"))
    blocks = docx_mod._BodyReader(numbering).read_blocks(body)
    doc = parsers.Document(blocks=blocks, source=path, format="docx")
    t6 = clock()
    t["model"] = t6 - t5
    doc.blocks = join_split_tables(doc.blocks)
    t7 = clock()
    t["layout"] = t7 - t6
    rid = "0" * 16
    views = normalizers.table_views(doc)
    report = normalizers.new_report(doc, rid, path)
    extra = []
    for read in normalizers.form_readers():
        extra += read(doc, views, report) or []
    normalizers.normalize(doc, views=views, report=report)
    reports = ([] if report.is_empty() else [report]) + extra
    t8 = clock()
    t["normalize"] = t8 - t7
    for r in reports:
        r.findings += normalizers.reconcile(r)
    t9 = clock()
    t["reconcile"] = t9 - t8
    tables = worker_mod._merged_tables(reports)
    t10 = clock()
    t["rows"] = t10 - t9
    blob = encode_result({name: tables.get(name) or [] for name in DATA_TABLES})
    t11 = clock()
    t["serialize"] = t11 - t10
    return t, blob


def parent_cost(blobs: list, tmp: str) -> float:
    """Seconds for the parent to decode every result and write every table."""
    from ingest.rows import decode_table

    started = time.perf_counter()
    for table in DATA_TABLES:
        with TableWriter(tmp, table, ("csv", "parquet")) as writer:
            for blob in blobs:
                writer.write_rows(decode_table(blob, table))
    return time.perf_counter() - started


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", default=os.path.join(ROOT, "samples", "*.docx"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    files = sorted(glob.glob(args.files))
    if not files:
        sys.exit(f"no files match {args.files}")
    best = {}       # (file, stage) -> best seconds
    parent_best = None
    tmp = tempfile.mkdtemp(prefix="jixiao-stages-")
    try:
        for _ in range(args.rounds + 1):     # round 0 warms caches (styles, labels, jieba)
            blobs = []
            for path in files:
                t, blob = profile_file(path)
                blobs.append(blob)
                for stage, sec in t.items():
                    key = (path, stage)
                    best[key] = min(best.get(key, sec), sec)
            sec = parent_cost(blobs, tmp)
            parent_best = sec if parent_best is None else min(parent_best, sec)
        # the round-0 figures include one-off costs: drop them by re-taking the minimum
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    n = len(files)
    per_stage = {s: sum(best[(f, s)] for f in files) / n * 1000 for s, _ in STAGES if s != "parent"}
    per_stage["parent"] = parent_best / n * 1000
    worker_ms = sum(v for s, v in per_stage.items() if s not in ("discover", "parent"))
    total = sum(per_stage.values())
    print(f"{n} DOCX files, best of {args.rounds} rounds, one process "
          f"(Python {sys.version.split()[0]})\n")
    print("| stage | what | ms/report | share |")
    print("|---|---|---:|---:|")
    for stage, what in STAGES:
        ms = per_stage[stage]
        print(f"| {stage} | {what} | {ms:.2f} | {ms / total:.0%} |")
    print(f"| **worker total** | sniff … serialize | **{worker_ms:.2f}** | {worker_ms / total:.0%} |")
    print(f"| **all** | | **{total:.2f}** | 100% |")
    print(f"\nupper bound with 2 workers (worker stages only): {2000 / worker_ms:.0f} reports/s")


if __name__ == "__main__":
    main()
