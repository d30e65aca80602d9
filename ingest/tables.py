"""Where the review and warehouse writers read the run's tables from.

Those writers (DuckDB, Data Package, workbook, HTML page, loaders) never see rows of
dicts or Word documents: they read Arrow record batches from a `TableSource`, either the
run's Parquet files (read back batch by batch, so the parent's memory stays flat however
many reports there are, and however the files were accumulated) or tables held in memory
(`jixiao check`, one file).
"""
from __future__ import annotations

import os
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import TABLE_ORDER, TABLES

ARROW_TYPES = {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64()}
BATCH_ROWS = 20_000


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table, as the Parquet files have it."""
    return pa.schema([(name, ARROW_TYPES[dtype]) for name, dtype in TABLES[table]])


class TableSource:
    """Read access to every output table: `batches(name)`, `table(name)`, `num_rows(name)`."""

    names = TABLE_ORDER

    def batches(self, name: str) -> Iterator[pa.RecordBatch]:
        raise NotImplementedError

    def table(self, name: str) -> pa.Table:
        """The whole table (for the small ones: reports, discrepancies, manifest)."""
        return pa.Table.from_batches(list(self.batches(name)), schema=arrow_schema(name))

    def num_rows(self, name: str) -> int:
        return sum(b.num_rows for b in self.batches(name))

    def reader(self, name: str) -> pa.RecordBatchReader:
        return pa.RecordBatchReader.from_batches(arrow_schema(name), self.batches(name))


class ParquetSource(TableSource):
    """The `NAME.parquet` files of a folder; a missing file reads as an empty table."""

    def __init__(self, folder: str):
        self.folder = folder

    def path(self, name: str) -> str:
        return os.path.join(self.folder, name + ".parquet")

    def batches(self, name: str) -> Iterator[pa.RecordBatch]:
        path = self.path(name)
        if not os.path.exists(path):
            return iter(())
        schema = arrow_schema(name)
        pf = pq.ParquetFile(path)
        return (_conform(b, schema) for b in pf.iter_batches(batch_size=BATCH_ROWS))

    def num_rows(self, name: str) -> int:
        path = self.path(name)
        return pq.ParquetFile(path).metadata.num_rows if os.path.exists(path) else 0


class MemorySource(TableSource):
    """Tables given as Arrow tables or as lists of row dicts (cast to the schema)."""

    def __init__(self, tables: dict):
        from .writers import arrow_table
        self.tables = {}
        for name in TABLE_ORDER:
            value = tables.get(name)
            if not isinstance(value, pa.Table):
                value = arrow_table(name, value or [])
            self.tables[name] = value.select(arrow_schema(name).names).cast(arrow_schema(name))

    def batches(self, name: str) -> Iterator[pa.RecordBatch]:
        return iter(self.tables[name].to_batches(max_chunksize=BATCH_ROWS))

    def table(self, name: str) -> pa.Table:
        return self.tables[name]

    def num_rows(self, name: str) -> int:
        return self.tables[name].num_rows


def _conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """A batch with exactly the schema's columns and types (older files may lack some)."""
    if batch.schema.equals(schema):
        return batch
    cols = []
    for f in schema:
        i = batch.schema.get_field_index(f.name)
        col = batch.column(i) if i >= 0 else pa.nulls(batch.num_rows, f.type)
        cols.append(col if col.type == f.type else col.cast(f.type))
    return pa.RecordBatch.from_arrays(cols, schema=schema)


class CsvSource(TableSource):
    """The `NAME.csv` files of a folder, read with the schema's types.

    Empty unquoted fields are nulls and quoted ones empty strings, as the writers write
    them. CSV files written for Excel (--excel-csv) are refused: their text was changed.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def batches(self, name: str) -> Iterator[pa.RecordBatch]:
        import pyarrow.csv as pa_csv

        path = os.path.join(self.folder, name + ".csv")
        if not os.path.exists(path):
            return iter(())
        schema = arrow_schema(name)
        reader = pa_csv.open_csv(
            path, read_options=pa_csv.ReadOptions(block_size=1 << 22),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={f.name: f.type for f in schema}, strings_can_be_null=True,
                quoted_strings_can_be_null=False))
        return (_conform(b, schema) for b in reader)


def source_for(folder: str) -> TableSource:
    """The tables of a run's folder: its Parquet files, else its CSV files."""
    import json

    if all(os.path.exists(os.path.join(folder, n + ".parquet")) for n in ("reports", "manifest")):
        return ParquetSource(folder)
    if not os.path.exists(os.path.join(folder, "reports.csv")):
        raise FileNotFoundError(f"{folder} 中没有 jixiao run 的输出表（reports.parquet 或 reports.csv）")
    info_path = os.path.join(folder, "run.json")
    if os.path.exists(info_path):
        with open(info_path, encoding="utf-8") as fh:
            if (json.load(fh).get("options") or {}).get("excel_csv"):
                raise ValueError(f"{folder} 的 CSV 是为 Excel 写的（--excel-csv），文字已改动；"
                                 "请用 Parquet 输出（--format 含 parquet）重新运行")
    return CsvSource(folder)
