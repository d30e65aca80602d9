"""OUT/run.json: how this run's outputs were made.

jixiao's version and the libraries that wrote each output, the label, rule and other data
files the readers load (with their SHA-256: the same files give the same findings), the
options, start and end time, counts, and every output file with its size and SHA-256.
"""
from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import platform
import sys
import tempfile
from importlib import metadata

FILENAME = "run.json"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARIES = ("python-docx", "pdfplumber", "pypdfium2", "jieba", "pyarrow", "pandas",
             "duckdb", "xlsxwriter", "frictionless")
WRITERS = {".csv": "pyarrow", ".parquet": "pyarrow", ".duckdb": "duckdb",
           ".xlsx": "xlsxwriter", ".json": "jixiao", ".html": "jixiao"}


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def version() -> str:
    try:
        return metadata.version("jixiao")
    except metadata.PackageNotFoundError:
        from . import __version__
        return __version__


def library_versions() -> dict:
    out = {}
    for lib in LIBRARIES:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            pass
    return out


def data_files() -> list:
    """Every data file the readers load, built-in first, then the user's (JIXIAO_*)."""
    from normalizers.labels import data_files as stems

    data = os.path.join(ROOT, "normalizers", "data")
    found = []
    for kind in ("labels", "rules"):
        found += [(kind, p) for p in stems(kind)]
    for kind in ("narrative", "grades", "sections"):
        found += [(kind, p) for p in glob.glob(os.path.join(data, kind + ".csv"))]
    for kind, env in (("labels", "JIXIAO_LABELS"), ("rules", "JIXIAO_RULES")):
        found += [(kind, p) for p in os.environ.get(env, "").split(os.pathsep) if p]
    rows = []
    for kind, path in found:
        rel = os.path.relpath(path, ROOT)
        rows.append({"kind": kind, "path": path if rel.startswith("..") else rel,
                     "sha256": sha256_file(path) if os.path.isfile(path) else None})
    return rows


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def describe_outputs(out: str, files: list, derived: dict, rows: dict) -> dict:
    """{file name: {bytes, sha256, written_by, rows?}} for the outputs that exist."""
    libs = library_versions()
    result = {}
    for name in files:
        path = os.path.join(out, name)
        if not os.path.isfile(path):
            continue
        stem, ext = os.path.splitext(name)
        lib = WRITERS.get(ext, "jixiao")
        info = {"bytes": os.path.getsize(path), "sha256": sha256_file(path),
                "written_by": f"{lib} {libs.get(lib, version())}".strip()}
        if ext in (".csv", ".parquet") and stem in rows:
            info["rows"] = rows[stem]
        if name in derived:
            info["module"] = derived[name]["writer"]
        result[name] = info
    return result


def build(summary, options: dict, started: str, finished: str, derived: dict,
          errors: list, rows: dict) -> dict:
    files = sorted(f for f in os.listdir(summary.out)
                   if f.endswith((".csv", ".parquet")) and os.path.splitext(f)[0] in rows)
    files += sorted(derived)
    return {
        "jixiao_version": version(),
        "python": platform.python_version(),
        "libraries": library_versions(),
        "data_files": data_files(),
        "options": options,
        "started": started,
        "finished": finished,
        "seconds": summary.seconds,
        "counts": {
            "files": summary.n_files,
            "by_status": dict(sorted(summary.by_status.items())),
            "duplicates": summary.n_duplicates,
            "processed": summary.n_processed,
            "reused": summary.n_reused,
            "reports": summary.n_reports,
            "findings": {k: summary.findings.get(k, 0) for k in ("error", "warning", "info")},
            "rows": rows,
        },
        "outputs": describe_outputs(summary.out, files, derived, rows),
        "output_errors": errors,
    }


def write(out: str, info: dict) -> str:
    path = os.path.join(out, FILENAME)
    fd, tmp = tempfile.mkstemp(prefix="." + FILENAME + ".", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(info, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    os.replace(tmp, path)
    return path


def argv() -> list:
    return list(sys.argv)
