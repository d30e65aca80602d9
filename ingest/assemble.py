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
                  excel_csv=False, private=None) -> None:
    """Write the tables in the table formats of `formats` (and, in `private`, as Parquet
    for the derived outputs when OUT gets no Parquet)."""
    from .writers import write_table  # pandas: imported only where tables are written

    table_formats = [f for f in formats if f in TABLE_FORMATS]

    def write(table, rows):
        summary.rows[table] = len(rows)
        summary.files[table] = write_table(out, table, rows, table_formats, excel_csv)
        if private:
            write_table(private, table, rows, ("parquet",))

    has_rows = [(i, k) for i, k in sorted(keys.items())
                if manifest[i]["status"] in ("ok", "partial") and manifest[i]["report_id"]]
    for table in DATA_TABLES:
        rows = []
        for i, key in has_rows:
            part = cache.rows(key, table)
            if table in SOURCE_TABLES:
                for r in part:
                    r["source_file"] = entries[i].source_file
            rows.extend(part)
        if table == "reports":
            summary.n_reports = len(rows)
        elif table == "facts":
            summary.n_facts = len(rows)
        elif table == "discrepancies":
            for r in rows:
                sev = r.get("severity") or "info"
                summary.findings[sev] = summary.findings.get(sev, 0) + 1
        write(table, rows)
        del rows
    for row in manifest:
        summary.by_status[row["status"]] = summary.by_status.get(row["status"], 0) + 1
    write("manifest", manifest)
    summary.log_path = _write_log(out, manifest)


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
