"""OUT/datapackage.json: a Frictionless Data Package describing the run's CSV files.

One resource per CSV: its columns with types (string / integer / number, as in Parquet),
Chinese titles and meanings, the primary keys and the foreign keys to reports.report_id
(`ingest.schema`), and each file's size and SHA-256. `frictionless validate
OUT/datapackage.json` checks every row against it.
"""
from __future__ import annotations

import json
import os
import tempfile

from .describe import column_description, column_title, table_description, table_title
from .schema import FOREIGN_KEYS, PRIMARY_KEYS, TABLE_ORDER, TABLES
from .tables import TableSource

FILENAME = "datapackage.json"
FIELD_TYPES = {"string": "string", "Int64": "integer", "Float64": "number"}


def write(out: str, source: TableSource | None = None, excel_csv: bool = False,
          filename: str = FILENAME) -> str:
    """Write OUT/datapackage.json for the CSV files in OUT; return its path."""
    package = describe(out, excel_csv)
    target = os.path.join(out, filename)
    fd, tmp = tempfile.mkstemp(prefix="." + filename + ".", dir=out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(package, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def describe(out: str, excel_csv: bool = False) -> dict:
    from . import run_info
    resources = []
    for table in TABLE_ORDER:
        path = os.path.join(out, table + ".csv")
        if not os.path.exists(path):
            raise FileNotFoundError(f"{table}.csv is missing: the Data Package describes the CSV files")
        resources.append(resource(table, path, excel_csv))
    return {
        "name": "jixiao-run",
        "title": "绩效自评报告数据（jixiao）",
        "description": "Tables read from 部门（单位）整体支出绩效评价自评报告 and related forms, "
                       "with the discrepancies found in them; see docs/tables.md.",
        "profile": "tabular-data-package",
        "created": run_info.now(),
        "version": run_info.version(),
        "resources": resources,
    }


def resource(table: str, path: str, excel_csv: bool) -> dict:
    from .run_info import sha256_file
    fields = [{"name": name, "type": FIELD_TYPES[dtype], "title": column_title(table, name),
               "description": column_description(table, name)}
              for name, dtype in TABLES[table]]
    schema = {"fields": fields, "missingValues": [""]}
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = list(PRIMARY_KEYS[table])
    if table in FOREIGN_KEYS:
        col, ref, ref_col = FOREIGN_KEYS[table]
        schema["foreignKeys"] = [{"fields": [col],
                                  "reference": {"resource": ref, "fields": [ref_col]}}]
    return {
        "name": table,
        "path": os.path.basename(path),
        "title": table_title(table),
        "description": "One row per " + table_description(table),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig" if excel_csv else "utf-8",
        "bytes": os.path.getsize(path),
        "hash": "sha256:" + sha256_file(path),
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
    }
