"""Write the contract's tables as CSV and Parquet, atomically and with fixed types.

Writers know rows and columns only: where a row came from is the normalizers' business.
Each file is written to a temporary name in OUT and renamed into place, so an interrupted
run never leaves a half-written table behind.
"""
from __future__ import annotations

import os
import tempfile

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .names import printable
from .schema import TABLES, TABLE_ORDER

FORMATS = ("csv", "parquet")
CSV_OPTIONS = pa_csv.WriteOptions(include_header=True, quoting_style="needed")


def frame(table: str, rows: list) -> pd.DataFrame:
    """Rows (dicts) to a DataFrame with exactly the schema's columns and dtypes."""
    spec = TABLES[table]
    names = [n for n, _ in spec]
    try:
        df = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame(columns=names)
    except UnicodeEncodeError:  # see _strings: pandas may store strings as Arrow at once
        rows = [{k: printable(v) if isinstance(v, str) else v for k, v in r.items()}
                for r in rows]
        df = pd.DataFrame.from_records(rows, columns=names)
    for name, dtype in spec:
        col = df[name]
        if dtype == "string":
            df[name] = _strings(col)
        else:
            df[name] = pd.to_numeric(col, errors="coerce").astype(dtype)
    return df


def arrow_table(table: str, rows: list) -> pa.Table:
    """Rows (dicts) to an Arrow table with the schema's columns and types."""
    return _arrow(frame(table, rows))


def _strings(col: pd.Series) -> pd.Series:
    """A string column; text no UTF-8 writer takes (a file name's undecodable bytes, a
    PDF's lone surrogates) is made printable (`ingest.names`) instead of failing the run."""
    values = col.astype(object).where(col.notna(), None)
    try:
        return values.astype("string")
    except UnicodeEncodeError:
        return _printable(values).astype("string")


def _printable(values: pd.Series) -> pd.Series:
    return values.map(lambda v: printable(v) if isinstance(v, str) else v)


def _arrow(df: pd.DataFrame) -> pa.Table:
    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except UnicodeEncodeError:  # pandas kept the strings as Python objects: clean them now
        df = df.copy()
        for name, dtype in df.dtypes.items():
            if isinstance(dtype, pd.StringDtype) or dtype == object:
                df[name] = _printable(df[name].astype(object)).astype(dtype)
        return pa.Table.from_pandas(df, preserve_index=False)


def _atomic(path: str, write) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=folder)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_table(out: str, table: str, rows: list, formats=FORMATS,
                excel_csv: bool = False) -> dict:
    """Write one table in each format; return {format: path}.

    `excel_csv`: the CSV starts with a UTF-8 byte order mark (so Excel reads it as UTF-8)
    and a text cell that Excel would take for a formula gets a leading `'`.
    """
    written = {}
    arrow = arrow_table(table, rows)
    if "csv" in formats:
        # pyarrow's writer is an order of magnitude faster than pandas' on large tables;
        # strings are quoted, nulls are empty fields
        path = os.path.join(out, table + ".csv")
        if excel_csv:
            from .excel_safe import neutralise_table
            _atomic(path, lambda tmp: _write_bom_csv(neutralise_table(arrow), tmp))
        else:
            _atomic(path, lambda tmp: pa_csv.write_csv(arrow, tmp, CSV_OPTIONS))
        written["csv"] = path
    if "parquet" in formats:
        path = os.path.join(out, table + ".parquet")
        _atomic(path, lambda tmp: pq.write_table(arrow, tmp))
        written["parquet"] = path
    return written


def _write_bom_csv(arrow: pa.Table, path: str) -> None:
    with open(path, "wb") as fh:
        fh.write(b"\xef\xbb\xbf")
        pa_csv.write_csv(arrow, fh, CSV_OPTIONS)


def write_tables(out: str, tables: dict, formats=FORMATS) -> dict:
    """Write every contract table (missing ones as empty tables with their header)."""
    os.makedirs(out, exist_ok=True)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    return {name: write_table(out, name, tables.get(name, []), formats) for name in TABLE_ORDER}
