"""OUT/jixiao.duckdb: every output table in one DuckDB database, typed as the Parquet files.

Filled from Arrow record batches (`ingest.tables`), so it costs no more memory than one
batch; written under a temporary name and renamed into place, like every other output.
reports.report_id is the primary key and every report's table references it.
"""
from __future__ import annotations

import os
import tempfile

from .ddl import CREATE_ORDER, comments, create_table, quote
from .tables import TableSource

FILENAME = "jixiao.duckdb"


def write(out: str, source: TableSource, filename: str = FILENAME) -> str:
    """Write OUT/jixiao.duckdb from `source`; return its path."""
    import duckdb

    target = os.path.join(out, filename)
    tmp = _temp_name(out, filename)
    try:
        con = duckdb.connect(tmp)
        try:
            fill(con, source)
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        for path in (tmp, tmp + ".wal"):
            if os.path.exists(path):
                os.unlink(path)
    return target


def fill(con, source: TableSource, schema: str | None = None) -> None:
    """Create every table in `con` and insert the source's rows, in one transaction."""
    con.execute("BEGIN")
    for table in CREATE_ORDER:
        con.execute(create_table(table, "duckdb", schema))
        for statement in comments(table, schema):
            con.execute(statement)
        insert(con, table, source.reader(table), schema)
    con.execute("COMMIT")


def insert(con, table: str, reader, schema: str | None = None, extra: dict | None = None) -> None:
    """INSERT the batches of `reader` into `table` (extra: constant columns to add)."""
    name = f"_jixiao_in_{table}"
    con.register(name, reader)
    try:
        cols = [quote(f.name) for f in reader.schema]
        values = list(cols)
        for col, value in (extra or {}).items():
            cols.append(quote(col))
            values.append("?")
        target = f"{quote(schema)}.{quote(table)}" if schema else quote(table)
        con.execute(f"INSERT INTO {target} ({', '.join(cols)}) SELECT {', '.join(values)} "
                    f"FROM {quote(name)}", list((extra or {}).values()))
    finally:
        con.unregister(name)


def _temp_name(out: str, filename: str) -> str:
    # DuckDB creates the file itself (an existing empty file is not a database), so only
    # a fresh name is reserved here
    fd, path = tempfile.mkstemp(prefix="." + filename + ".", dir=out)
    os.close(fd)
    os.unlink(path)
    return path
