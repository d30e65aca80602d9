"""Put a run's output together: the manifest, the data tables from the cache, the log.

Rows come from the cache in input order (not completion order), so a run that was
interrupted and rerun writes the same bytes as one that never stopped.
"""
from __future__ import annotations

import os
import tempfile
from typing import Iterator

from .cache import Cache, entry_key
from .names import printable
from .outputs import TABLE_FORMATS
from .rows import COLUMNS
from .schema import DATA_TABLES, SOURCE_TABLES

LOG_NAME = "jixiao.log"


def manifest_rows(entries, dup_of: dict, cache: Cache, timings: bool) -> Iterator[tuple]:
    """(manifest row, encoded rows of its report) per file, in input order, made lazily.

    A file's row is read from its cache entry only when the writer gets to it, so the
    parent never holds the manifest (nor the results' metas) of the whole run; the
    encoded rows are {} for every file that is not a report.
    """
    for i, e in enumerate(entries):
        row = {"source_file": e.source_file, "sha256": e.sha256 or None, "status": e.status,
               "report_id": None, "error": e.error or None, "file_format": e.file_format or None,
               "size_bytes": e.size_bytes, "duplicate_of": None, "seconds": None}
        blobs = {}
        if i in dup_of:
            first = entries[dup_of[i]]
            m = cache.meta(entry_key(first.sha256, first.source_file)) or _lost_meta()
            row.update(status="skipped", duplicate_of=first.source_file,
                       file_format=m.get("file_format") or None,
                       error=f"与 {first.source_file} 内容完全相同（重复文件），已跳过")
        elif e.status is None:
            found = cache.result(entry_key(e.sha256, e.source_file))
            m, blobs = found if found is not None else (_lost_meta(), {})
            row.update(status=m["status"], error=m.get("error") or None,
                       file_format=m.get("file_format") or None,
                       report_id=m.get("report_id") or None,
                       seconds=m.get("seconds") if timings else None)
        yield row, blobs


def _lost_meta() -> dict:
    return {"status": "failed", "error": "处理结果丢失（内部错误），请重新运行"}


def write_outputs(out, entries, dup_of: dict, cache: Cache, formats, summary,
                  timings: bool = False, excel_csv=False, private=None,
                  batch_rows: int = None) -> None:
    """Stream the manifest, every table and the log to OUT, in one pass in input order.

    Each file's manifest row and report rows are read from the cache when the writers
    get to it and written a batch at a time; each writer holds at most one Parquet row
    group, so the parent's memory does not grow with the number of files beyond the
    list of files found. `private` gets a Parquet copy for the derived outputs when OUT
    gets no Parquet. `batch_rows` (tests) changes how rows are batched, not the bytes.
    """
    from contextlib import ExitStack

    from .rows import column_index, decode_table
    from .writers import BATCH_ROWS, TableWriter

    table_formats = [f for f in formats if f in TABLE_FORMATS]
    options = dict(batch_rows=batch_rows or BATCH_ROWS, excel_csv=excel_csv,
                   parquet_copy=private)
    source_col = {t: column_index(t, "source_file") for t in SOURCE_TABLES}
    severity_col = column_index("discrepancies", "severity")
    manifest_cols = COLUMNS["manifest"]
    with ExitStack() as stack:
        log = stack.enter_context(_Log(out))   # renamed into place last, after the tables
        writers = {t: stack.enter_context(TableWriter(out, t, table_formats, **options))
                   for t in DATA_TABLES + ("manifest",)}
        manifest = writers["manifest"]
        for row, blobs in manifest_rows(entries, dup_of, cache, timings):
            status = row["status"]
            summary.by_status[status] = summary.by_status.get(status, 0) + 1
            log.add(row)
            manifest.write_rows((tuple(map(row.get, manifest_cols)),))
            for table in DATA_TABLES if blobs else ():
                rows = decode_table(blobs, table)
                if not rows:
                    continue
                if table in source_col:
                    rows = _with_source(rows, source_col[table], row["source_file"])
                if table == "discrepancies":
                    for r in rows:
                        sev = r[severity_col] or "info"
                        summary.findings[sev] = summary.findings.get(sev, 0) + 1
                writers[table].write_rows(rows)
    for table, w in writers.items():
        summary.rows[table] = w.n_rows
        summary.files[table] = dict(w.paths)
    summary.n_reports = writers["reports"].n_rows
    summary.n_facts = writers["facts"].n_rows
    summary.log_path = log.path


def _with_source(rows: list, col: int, source_file: str) -> list:
    """Rows with their source_file column set to the file's name in this run."""
    return [r[:col] + (source_file,) + r[col + 1:] for r in rows]


class _Log:
    """OUT/jixiao.log, line by line: each failed/skipped/partial file with its reason.

    Written under a temporary name and renamed into place when the run's tables are
    complete (removed if they are not), like the tables.
    """

    STATUSES = ("failed", "skipped", "partial")

    def __init__(self, out: str):
        self.out, self.path = out, os.path.join(out, LOG_NAME)

    def __enter__(self):
        fd, self.tmp = tempfile.mkstemp(prefix="." + LOG_NAME + ".", dir=self.out)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        return self

    def add(self, row: dict) -> None:
        if row["status"] in self.STATUSES:
            self.fh.write(f"{row['status']}\t{printable(row['source_file'])}\t"
                          f"{printable(row['error'] or '')}\n")

    def __exit__(self, exc_type, exc, tb):
        self.fh.close()
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False


def append_summary_to_log(summary: RunSummary) -> None:
    if summary.log_path:
        with open(summary.log_path, "a", encoding="utf-8") as fh:
            fh.write(summary_text(summary) + "\n")


def summary_text(s: RunSummary) -> str:
    """A few lines a person reads after a run."""
    st = s.by_status
    findings = ", ".join(f"{k} {s.findings[k]}" for k in ("error", "warning", "info")
                         if s.findings.get(k)) or "none"
    return "\n".join([
        f"files found: {s.n_files} (ok {st.get('ok', 0)}, partial {st.get('partial', 0)}, "
        f"failed {st.get('failed', 0)}, skipped {st.get('skipped', 0)}; "
        f"duplicates {s.n_duplicates})",
        f"processed now: {s.n_processed}, reused from earlier runs: {s.n_reused}, "
        f"time: {s.seconds:.1f} s",
        f"reports: {s.n_reports}, facts: {s.n_facts}, findings: {findings}",
        f"output: {os.path.abspath(s.out)} (manifest.csv lists every file; reasons in {LOG_NAME})",
    ] + list(getattr(s, "output_errors", [])))
