"""Write the contract's tables as CSV and Parquet, atomically, with fixed types, in chunks.

Writers know rows and columns only: where a row came from is the normalizers' business.
`TableWriter` takes rows a few thousand at a time and streams them out, so writing a
table of any length holds one Parquet row group at most (memory flat in the number of
reports). The bytes do not depend on how the rows were fed: CSV is written batch by
batch with one header, and Parquet row groups are cut every `ROW_GROUP_ROWS` rows
whatever the batches were. Each file is written under a temporary name in OUT and
renamed into place when complete, so an interrupted run never leaves a torn table.
"""
from __future__ import annotations

import os
import tempfile

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .names import printable
from .rows import COLUMNS, to_tuples
from .schema import TABLES, TABLE_ORDER

FORMATS = ("csv", "parquet")
CSV_OPTIONS = pa_csv.WriteOptions(include_header=True, quoting_style="needed")
BATCH_ROWS = 4096           # Python rows converted to Arrow at a time
ROW_GROUP_ROWS = 65536      # Parquet row group: fixed, so bytes do not depend on batching


def frame(table: str, rows: list):
    """Rows (dicts) to a DataFrame with exactly the schema's columns and dtypes."""
    import pandas as pd

    spec = TABLES[table]
    names = [n for n, _ in spec]
    df = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame(columns=names)
    for name, dtype in spec:
        df[name] = _pandas_column(df[name], dtype)
    return df


def _pandas_column(col, dtype):
    import pandas as pd

    if dtype == "string":
        return col.astype(object).where(col.notna(), None).astype("string")
    return pd.to_numeric(col, errors="coerce").astype(dtype)


_SCHEMAS: dict = {}


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table, pandas metadata included (as readers expect it)."""
    schema = _SCHEMAS.get(table)
    if schema is None:
        schema = _SCHEMAS[table] = pa.Table.from_pandas(frame(table, []),
                                                        preserve_index=False).schema
    return schema


_PLAIN = {"string": {str, type(None)}, "Int64": {int, type(None)},
          "Float64": {float, int, type(None)}}


def _array(values: tuple, dtype: str, arrow_type: pa.DataType) -> pa.Array:
    """One column as Arrow, with the same casts as the schema's pandas dtypes.

    The common case (values already str/int/float or None) goes straight to Arrow; any
    other value (a number in a text column, text in a number column, NaN) takes the
    pandas route, which defines what such values become.
    """
    plain = _PLAIN[dtype]
    try:
        if set(map(type, values)) <= plain:  # exact types: a bool or a str subclass is not plain
            return pa.array(values, type=arrow_type, from_pandas=True)
        return _via_pandas(values, dtype, arrow_type)
    except UnicodeEncodeError:
        # text no UTF-8 writer takes (a file name's undecodable bytes, a PDF's lone
        # surrogates) is made printable (`ingest.names`) instead of failing the run
        values = tuple(printable(v) if isinstance(v, str) else v for v in values)
        return _via_pandas(values, dtype, arrow_type)


def _via_pandas(values: tuple, dtype: str, arrow_type: pa.DataType) -> pa.Array:
    import pandas as pd

    col = _pandas_column(pd.Series(list(values), dtype=object), dtype)
    return pa.Array.from_pandas(col, type=arrow_type)


def record_batch(table: str, rows: list) -> pa.RecordBatch:
    """Tuples in the table's column order to one Arrow record batch."""
    schema = arrow_schema(table)
    spec = TABLES[table]
    columns = list(zip(*rows)) if rows else [()] * len(spec)
    arrays = [_array(values, dtype, field.type)
              for values, (_, dtype), field in zip(columns, spec, schema)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


_PENDING = pa.ipc.IpcWriteOptions(compression="lz4")


def _pack(batch: pa.RecordBatch) -> pa.Buffer:
    """A batch waiting for its Parquet row group, LZ4-compressed (Arrow IPC).

    Every long table holds up to a row group (65,536 rows) until it is cut; held as
    Arrow columns that is 10-25 MB per table, several tables at once. Compressed, the
    waiting rows cost a fraction of that and only the row group being written is whole
    in memory. The round trip keeps every value and each batch's length, so the
    Parquet bytes are those of writing the batches themselves.
    """
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema, options=_PENDING) as writer:
        writer.write_batch(batch)
    return sink.getvalue()


def _unpack(buf: pa.Buffer) -> pa.RecordBatch:
    return pa.ipc.open_stream(buf).read_next_batch()


class TableWriter:
    """Stream one table to OUT/<table>.csv and .parquet; use as a context manager.

    `write_rows(tuples)` buffers rows and writes them out in batches; leaving the
    `with` block normally renames the finished files into place, an exception removes
    them. `batch_rows` only changes how often rows are converted, never the bytes.
    `excel_csv`: the CSV starts with a UTF-8 byte order mark (so Excel reads it as UTF-8)
    and a text cell Excel would take for a formula gets a leading `'`. `parquet_copy`: a
    folder that gets the same Parquet file as well (for the derived outputs when OUT
    gets no Parquet).
    """

    def __init__(self, out: str, table: str, formats=FORMATS, batch_rows: int = BATCH_ROWS,
                 row_group_rows: int = ROW_GROUP_ROWS, excel_csv: bool = False,
                 parquet_copy: str = None):
        self.out, self.table, self.formats = out, table, tuple(formats)
        self.batch_rows, self.row_group_rows = max(1, batch_rows), max(1, row_group_rows)
        self.excel_csv, self.parquet_copy = excel_csv, parquet_copy
        self.schema = arrow_schema(table)
        self.rows, self.pending, self.n_pending = [], [], 0
        self.n_rows = 0
        self.paths, self.tmps = {}, {}    # {format: final path}, {(folder, format): temp}
        self.csv = self.csv_fh = None
        self.parquets = []

    def _target(self, folder: str, fmt: str) -> str:
        fd, tmp = tempfile.mkstemp(prefix=f".{self.table}.{fmt}.", dir=folder)
        os.close(fd)
        self.tmps[(folder, fmt)] = tmp
        return tmp

    def __enter__(self):
        if "csv" in self.formats:
            self.paths["csv"] = os.path.join(self.out, f"{self.table}.csv")
            self.csv_fh = open(self._target(self.out, "csv"), "wb")
            if self.excel_csv:
                self.csv_fh.write(b"\xef\xbb\xbf")
            self.csv = pa_csv.CSVWriter(self.csv_fh, self.schema, write_options=CSV_OPTIONS)
        folders = ([self.out] if "parquet" in self.formats else []) + \
            ([self.parquet_copy] if self.parquet_copy else [])
        if "parquet" in self.formats:
            self.paths["parquet"] = os.path.join(self.out, f"{self.table}.parquet")
        for folder in folders:
            self.parquets.append(pq.ParquetWriter(self._target(folder, "parquet"), self.schema))
        return self

    def write_rows(self, rows: list) -> None:
        """Add rows (tuples in column order, see `ingest.rows`)."""
        self.rows.extend(rows)
        self.n_rows += len(rows)
        if len(self.rows) >= self.batch_rows:
            self._convert()

    def write_dicts(self, rows: list) -> None:
        self.write_rows(to_tuples(self.table, rows))

    def _convert(self) -> None:
        while self.rows:
            chunk, self.rows = self.rows[:self.batch_rows], self.rows[self.batch_rows:]
            batch = record_batch(self.table, chunk)
            if self.csv is not None:
                if self.excel_csv:
                    from .excel_safe import neutralise_table
                    self.csv.write_table(neutralise_table(pa.Table.from_batches([batch])))
                else:
                    self.csv.write_batch(batch)
            if self.parquets:
                self.pending.append(_pack(batch))
                self.n_pending += batch.num_rows
                while self.n_pending >= self.row_group_rows:
                    self._row_group(self.row_group_rows)

    def _row_group(self, n: int) -> None:
        """Write the first n pending rows as one Parquet row group."""
        batches = [_unpack(b) for b in self.pending]
        self.pending = []
        table = pa.Table.from_batches(batches, schema=self.schema)
        del batches
        head, rest = table.slice(0, n), table.slice(n)
        for writer in self.parquets:
            writer.write_table(head, row_group_size=max(1, n))
        self.pending = [_pack(b) for b in rest.to_batches()] if rest.num_rows else []
        self.n_pending = rest.num_rows

    def _finish(self) -> None:
        self._convert()
        if self.parquets:
            if self.n_pending or self.n_rows == 0:
                # an empty table is one empty row group, as pq.write_table writes it
                self._row_group(self.n_pending)
        self._close()

    def _close(self) -> None:
        """Close every open file (the CSV header was written when it opened)."""
        writers, self.parquets = [self.csv] + self.parquets, []
        self.csv = None
        for writer in writers:
            if writer is not None:
                writer.close()
        if self.csv_fh is not None:
            self.csv_fh.close()
            self.csv_fh = None

    def __exit__(self, exc_type, exc, tb):
        ok = False
        try:
            if exc_type is None:
                self._finish()
                ok = True
        finally:
            if not ok:
                try:
                    self._close()
                except Exception:
                    pass
            for (folder, fmt), tmp in self.tmps.items():
                if ok:
                    os.replace(tmp, os.path.join(folder, f"{self.table}.{fmt}"))
                elif os.path.exists(tmp):
                    os.unlink(tmp)
        return False


def arrow_table(table: str, rows: list) -> pa.Table:
    """Rows (dicts) to an Arrow table with the schema's columns and types."""
    return pa.Table.from_batches([record_batch(table, to_tuples(table, rows))],
                                 schema=arrow_schema(table))


def write_table(out: str, table: str, rows: list, formats=FORMATS,
                excel_csv: bool = False) -> dict:
    """Write one table (dict rows) in each format; return {format: path}."""
    with TableWriter(out, table, formats, excel_csv=excel_csv) as writer:
        writer.write_dicts(rows)
    return dict(writer.paths)


def write_tables(out: str, tables: dict, formats=FORMATS) -> dict:
    """Write every contract table (missing ones as empty tables with their header)."""
    os.makedirs(out, exist_ok=True)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    return {name: write_table(out, name, tables.get(name, []), formats) for name in TABLE_ORDER}


__all__ = ["TableWriter", "write_table", "write_tables", "record_batch", "arrow_schema",
           "arrow_table", "frame", "COLUMNS"]
