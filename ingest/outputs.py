"""Which outputs a run writes, and the writers of the review and warehouse outputs.

`--format` names any subset of FORMATS. csv and parquet are written table by table by
`ingest.writers`; the others are derived from the finished tables (read back from Parquet
through `ingest.tables`) by one module each. A derived output that cannot be written is
reported (log, run.json, exit status) without touching the tables already written.
"""
from __future__ import annotations

import importlib
import os

TABLE_FORMATS = ("csv", "parquet")
DERIVED = {  # format -> (module, file it writes)
    "duckdb": ("ingest.out_duckdb", "jixiao.duckdb"),
    "xlsx": ("ingest.out_review", "review.xlsx"),
    "html": ("ingest.out_html", "report.html"),
    "datapackage": ("ingest.out_datapackage", "datapackage.json"),
}
FORMATS = TABLE_FORMATS + tuple(DERIVED)
DEFAULT_FORMATS = FORMATS
NEEDS = {"datapackage": "csv"}  # a Data Package describes the CSV files


def parse_formats(value) -> tuple:
    """'csv,xlsx' or an iterable -> a tuple in FORMATS order; ValueError with the reason."""
    items = value.split(",") if isinstance(value, str) else list(value)
    items = {v.strip().lower() for v in items if v and v.strip()}
    if "all" in items:
        items = (items - {"all"}) | set(FORMATS)
    bad = sorted(items - set(FORMATS))
    if bad or not items:
        raise ValueError(f"unknown output format(s) {', '.join(bad) or '(none)'}; "
                         f"choose from {', '.join(FORMATS)}")
    for fmt, needed in NEEDS.items():
        if fmt in items and needed not in items:
            raise ValueError(f"{fmt} describes the {needed} files: add {needed} to --format")
    return tuple(f for f in FORMATS if f in items)


def derived(formats) -> list:
    return [f for f in formats if f in DERIVED]


def write_derived(out: str, formats, source, context: dict) -> tuple:
    """Write every derived output in `formats`; return ({file: info}, [error lines])."""
    written, errors = {}, []
    for fmt in derived(formats):
        module_name, filename = DERIVED[fmt]
        try:
            module = importlib.import_module(module_name)
            path = module.write(out, source, **_kwargs(module, context))
            written[os.path.basename(path)] = {"format": fmt, "writer": module_name}
        except Exception as exc:  # the tables stand; say which output is missing and why
            text = " ".join(str(exc).split())[:300]
            errors.append(f"{filename} 未能生成：{type(exc).__name__}: {text}")
    return written, errors


def _kwargs(module, context: dict) -> dict:
    """The context items a writer's write() accepts (run info for the HTML page ...)."""
    import inspect
    params = inspect.signature(module.write).parameters
    return {k: v for k, v in context.items() if k in params}
