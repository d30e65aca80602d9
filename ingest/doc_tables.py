"""docs/tables.md, generated from `ingest.schema` and `ingest/data/*.csv`.

`python -m ingest.doc_tables > docs/tables.md` rewrites it; a test checks that the file in
the repository is what this gives, so the page cannot drift from the code.
"""
from __future__ import annotations

import sys

from .describe import column_description, column_title, table_description, table_title
from .schema import FOREIGN_KEYS, PRIMARY_KEYS, TABLE_ORDER, TABLES

TYPES = {"string": "text", "Int64": "integer", "Float64": "number"}
HEADER = """# Output tables

Generated from `ingest/schema.py` (names and types) and `ingest/data/tables.csv`,
`ingest/data/columns.csv` (titles and meanings) by `python -m ingest.doc_tables`; a test
keeps this page equal to what that prints. Every table is written as `OUT/NAME.csv`
(UTF-8, header row; an empty field is a missing value) and `OUT/NAME.parquet`, and is a
table of `OUT/jixiao.duckdb` and a resource of `OUT/datapackage.json` (see
[outputs.md](outputs.md)). Types: *text*, *integer* (64-bit), *number* (double).
Money is in 万元 throughout.
"""


def render() -> str:
    out = [HEADER]
    for table in TABLE_ORDER:
        out.append(f"## {table} — {table_title(table)}\n")
        out.append(f"One row per {table_description(table)}.")
        keys = []
        if table in PRIMARY_KEYS:
            keys.append("primary key `" + ", ".join(PRIMARY_KEYS[table]) + "`")
        if table in FOREIGN_KEYS:
            col, ref, ref_col = FOREIGN_KEYS[table]
            keys.append(f"`{col}` references `{ref}.{ref_col}`")
        if keys:
            out.append("Keys: " + "; ".join(keys) + ".")
        out.append("")
        out.append("| column | type | 中文 | meaning |")
        out.append("| --- | --- | --- | --- |")
        for name, dtype in TABLES[table]:
            desc = column_description(table, name).replace("|", "\\|")
            out.append(f"| `{name}` | {TYPES[dtype]} | {column_title(table, name)} | {desc} |")
        out.append("")
    out.append("The canonical fields of `facts.field` and their Chinese names are the label "
               "dictionary's: `normalizers/data/labels*.csv` (columns `field`, `zh_name`).\n")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
