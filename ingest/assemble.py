"""Put a run's output together: the manifest, the data tables from the cache, the log.

Rows come from the cache in input order (not completion order), so a run that was
interrupted and rerun writes the same bytes as one that never stopped.
"""
from __future__ import annotations

import os
import tempfile

from .cache import Cache
from .names import printable
from .outputs import TABLE_FORMATS
from .schema import DATA_TABLES, SOURCE_TABLES

LOG_NAME = "jixiao.log"


def manifest_rows(entries, keys, dup_of, cache: Cache, timings: bool) -> list:
    metas = {i: (cache.meta(k) or _lost_meta()) for i, k in keys.items()}
    rows = []
    for i, e in enumerate(entries):
        row = {"source_file": e.source_file, "sha256": e.sha256 or None, "status": e.status,
               "report_id": None, "error": e.error or None, "file_format": e.file_format or None,
               "size_bytes": e.size_bytes, "duplicate_of": None, "seconds": None}
        if i in metas:
            m = metas[i]
            row.update(status=m["status"], error=m.get("error") or None,
                       file_format=m.get("file_format") or None,
                       report_id=m.get("report_id") or None,
                       seconds=m.get("seconds") if timings else None)
        elif i in dup_of:
            first = entries[dup_of[i]]
            row.update(status="skipped", duplicate_of=first.source_file,
                       file_format=metas[dup_of[i]].get("file_format") or None,
                       error=f"与 {first.source_file} 内容完全相同（重复文件），已跳过")
        rows.append(row)
    return rows


def _lost_meta() -> dict:
    return {"status": "failed", "error": "处理结果丢失（内部错误），请重新运行"}


def write_outputs(out, entries, keys, manifest, cache: Cache, formats, summary,
                  excel_csv=False, private=None, batch_rows: int = None) -> None:
    """Stream every table from the cache to OUT in the table formats of `formats`.

    One pass over the results in input order feeds all tables at once; each writer
    holds at most one Parquet row group, so the parent's memory does not grow with the
    number of reports. `private` gets a Parquet copy for the derived outputs when OUT
    gets no Parquet. `batch_rows` (tests) changes how rows are batched, not the bytes.
    """
    from contextlib import ExitStack

    from .rows import column_index, decode_table
    from .writers import BATCH_ROWS, TableWriter

    table_formats = [f for f in formats if f in TABLE_FORMATS]
    options = dict(batch_rows=batch_rows or BATCH_ROWS, excel_csv=excel_csv,
                   parquet_copy=private)
    has_rows = [(i, k) for i, k in sorted(keys.items())
                if manifest[i]["status"] in ("ok", "partial") and manifest[i]["report_id"]]
    source_col = {t: column_index(t, "source_file") for t in SOURCE_TABLES}
    severity_col = column_index("discrepancies", "severity")
    with ExitStack() as stack:
        writers = {t: stack.enter_context(TableWriter(out, t, table_formats, **options))
                   for t in DATA_TABLES}
        for i, key in has_rows:
            blobs = cache.tables(key)
            for table in DATA_TABLES:
                rows = decode_table(blobs, table)
                if not rows:
                    continue
                if table in source_col:
                    rows = _with_source(rows, source_col[table], entries[i].source_file)
                if table == "discrepancies":
                    for r in rows:
                        sev = r[severity_col] or "info"
                        summary.findings[sev] = summary.findings.get(sev, 0) + 1
                writers[table].write_rows(rows)
    for row in manifest:
        summary.by_status[row["status"]] = summary.by_status.get(row["status"], 0) + 1
    with TableWriter(out, "manifest", table_formats, **options) as writer:
        writer.write_dicts(manifest)
    writers["manifest"] = writer
    for table, w in writers.items():
        summary.rows[table] = w.n_rows
        summary.files[table] = dict(w.paths)
    summary.n_reports = writers["reports"].n_rows
    summary.n_facts = writers["facts"].n_rows
    summary.log_path = _write_log(out, manifest)


def _with_source(rows: list, col: int, source_file: str) -> list:
    """Rows with their source_file column set to the file's name in this run."""
    return [r[:col] + (source_file,) + r[col + 1:] for r in rows]


def _write_log(out: str, manifest: list) -> str:
    """OUT/jixiao.log: one line per failed/skipped/partial file, with its reason."""
    path = os.path.join(out, LOG_NAME)
    lines = [f"{r['status']}\t{printable(r['source_file'])}\t{printable(r['error'] or '')}"
             for r in manifest if r["status"] in ("failed", "skipped", "partial")]
    fd, tmp = tempfile.mkstemp(prefix="." + LOG_NAME + ".", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(line + "\n" for line in lines))
    os.replace(tmp, path)
    return path


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
