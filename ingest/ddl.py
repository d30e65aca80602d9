"""CREATE TABLE statements for the output tables, in DuckDB's and PostgreSQL's dialects.

Types follow `ingest.schema` (the Parquet types); keys follow its PRIMARY_KEYS and
FOREIGN_KEYS. Identifiers are always quoted: `table` and `order` are column names here.
"""
from __future__ import annotations

from .schema import FOREIGN_KEYS, PRIMARY_KEYS, TABLES

SQL_TYPES = {
    "duckdb": {"string": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE"},
    "postgresql": {"string": "text", "Int64": "bigint", "Float64": "double precision"},
}
# tables in an order that creates (and fills) a referenced table before its references
CREATE_ORDER = ["reports"] + [t for t in TABLES if t != "reports"]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qualified(table: str, schema: str | None = None) -> str:
    return f"{quote(schema)}.{quote(table)}" if schema else quote(table)


def create_table(table: str, dialect: str, schema: str | None = None,
                 extra: tuple = (), keys: bool = True, foreign: bool = True) -> str:
    """CREATE TABLE for `table`; `extra` adds (name, schema dtype) columns at the end;
    `foreign=False` leaves the foreign keys out."""
    types = SQL_TYPES[dialect]
    cols = [f"{quote(n)} {types[t]}" for n, t in list(TABLES[table]) + list(extra)]
    if keys and table in PRIMARY_KEYS:
        cols.append("PRIMARY KEY (" + ", ".join(quote(c) for c in PRIMARY_KEYS[table]) + ")")
    if keys and foreign and table in FOREIGN_KEYS:
        col, ref, ref_col = FOREIGN_KEYS[table]
        cols.append(f"FOREIGN KEY ({quote(col)}) REFERENCES {qualified(ref, schema)} "
                    f"({quote(ref_col)})")
    return f"CREATE TABLE {qualified(table, schema)} (\n  " + ",\n  ".join(cols) + "\n)"


def comments(table: str, schema: str | None = None) -> list:
    """COMMENT ON statements giving each table and column its Chinese title."""
    from .describe import column_description, column_title, table_description, table_title
    out = [f"COMMENT ON TABLE {qualified(table, schema)} IS "
           f"{literal(table_title(table) + ': ' + table_description(table))}"]
    for name, _ in TABLES[table]:
        text = column_title(table, name)
        desc = column_description(table, name)
        out.append(f"COMMENT ON COLUMN {qualified(table, schema)}.{quote(name)} IS "
                   f"{literal(text + (' — ' + desc if desc else ''))}")
    return out


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
