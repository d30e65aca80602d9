"""`jixiao load OUT --to postgresql://... | duckdb:PATH`: a run into a warehouse.

The warehouse keeps several runs (years) side by side in the output tables, each row
marked with the `run_id` of the load that brought it, plus a `runs` table (one row per
load: when, from where, which years, what run.json said). Loading a run replaces, in one
transaction:
- the reports of the years it contains, and any report with one of its report ids (the
  same bytes), with every row of their tables;
- the manifest rows of those reports, and of the run's other files (failed, skipped) that
  were loaded before under the same name and bytes.
Everything else stays. Tables are created on first use with the types and keys of
`ingest.schema`; a table of an older version gets the columns it lacks.
PostgreSQL is loaded with COPY (psycopg 3), DuckDB from Arrow batches.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import uuid
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.csv as pa_csv

from .ddl import CREATE_ORDER, comments, create_table, qualified, quote
from .schema import CHILD_TABLES, TABLES
from .tables import TableSource, arrow_schema, source_for

RUN_COLUMN = ("run_id", "string")
RUNS_TABLE = "runs"
RUNS_COLUMNS = [("run_id", "string"), ("loaded_at", "string"), ("source", "string"),
                ("years", "string"), ("n_reports", "Int64"), ("replaced_reports", "Int64"),
                ("jixiao_version", "string"), ("run_json", "string")]


class LoadError(Exception):
    """The load could not be done (nothing was changed)."""


@dataclass
class LoadResult:
    target: str
    run_id: str
    years: list
    rows: dict = field(default_factory=dict)
    replaced_reports: int = 0


def load(out: str, to: str, schema: str | None = None) -> LoadResult:
    """Load the run in folder `out` into the database named by `to`."""
    source = source_for(out)
    info = _run_json(out)
    if to.startswith(("postgresql://", "postgres://")):
        warehouse = _Postgres(to, schema)
    elif to.startswith("duckdb:"):
        if schema:
            raise LoadError("--schema is for PostgreSQL; a DuckDB file keeps the tables in main")
        warehouse = _DuckDB(to[len("duckdb:"):])
    else:
        raise LoadError(f"--to 应为 postgresql://... 或 duckdb:PATH（得到 {to!r}）")
    try:
        return _load(warehouse, source, out, info)
    finally:
        warehouse.close()


def _run_json(out: str) -> dict:
    path = os.path.join(out, "run.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    return {}


def _load(wh, source: TableSource, out: str, info: dict) -> LoadResult:
    reports = source.table("reports")
    ids = [i for i in reports.column("report_id").to_pylist() if i]
    years = sorted({y for y in reports.column("year").to_pylist() if y is not None})
    run_id = _run_id(out, info)
    result = LoadResult(target=wh.name, run_id=run_id, years=years)
    with wh.transaction():
        wh.ensure_tables()
        doomed = wh.report_ids_to_replace(years, ids)
        result.replaced_reports = len(doomed)
        manifest = source.table("manifest")
        pairs = [(s, h) for s, h, r in zip(manifest.column("source_file").to_pylist(),
                                           manifest.column("sha256").to_pylist(),
                                           manifest.column("report_id").to_pylist()) if not r]
        wh.delete(doomed, pairs)
        for table in CREATE_ORDER:
            result.rows[table] = wh.insert(table, source, run_id)
        wh.insert_run([run_id, _now(), os.path.abspath(out), ";".join(map(str, years)),
                       len(ids), len(doomed), info.get("jixiao_version"),
                       json.dumps(info, ensure_ascii=False) if info else None])
    return result


def _run_id(out: str, info: dict) -> str:
    """A new id for every load: the run's own id would repeat when a run is loaded twice
    (and the clock's seconds repeat when two loads follow within one second)."""
    seed = f"{os.path.abspath(out)}|{info.get('finished') or ''}|{uuid.uuid4().hex}"
    return hashlib.sha256(seed.encode("utf-8", "backslashreplace")).hexdigest()[:16]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _with_run_id(batch: pa.RecordBatch, run_id: str) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays(
        list(batch.columns) + [pa.array([run_id] * batch.num_rows, pa.string())],
        names=list(batch.schema.names) + [RUN_COLUMN[0]])


class _Warehouse:
    """What differs between PostgreSQL and DuckDB: how to run SQL and bulk-insert."""

    schema: str | None = None
    dialect = ""
    foreign_keys = True

    def q(self, table: str) -> str:
        return qualified(table, self.schema)

    def ensure_tables(self) -> None:
        if self.schema:
            self.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(self.schema)}")
        for table in CREATE_ORDER:
            have = self.columns(table)
            if not have:
                self.execute(create_table(table, self.dialect, self.schema, extra=(RUN_COLUMN,),
                                          foreign=self.foreign_keys))
                for statement in comments(table, self.schema):
                    self.execute(statement)
                continue
            types = {"string": "text" if self.dialect == "postgresql" else "VARCHAR",
                     "Int64": "bigint", "Float64": "double precision"
                     if self.dialect == "postgresql" else "DOUBLE"}
            for name, dtype in list(TABLES[table]) + [RUN_COLUMN]:
                if name not in have:
                    self.execute(f"ALTER TABLE {self.q(table)} ADD COLUMN {quote(name)} "
                                 f"{types[dtype]}")
        if not self.columns(RUNS_TABLE):
            from .ddl import SQL_TYPES
            types = SQL_TYPES[self.dialect]
            cols = ", ".join(f"{quote(n)} {types[t]}" for n, t in RUNS_COLUMNS)
            self.execute(f"CREATE TABLE {self.q(RUNS_TABLE)} ({cols}, PRIMARY KEY (\"run_id\"))")

    def report_ids_to_replace(self, years: list, ids: list) -> list:
        rows = self.fetch(f"SELECT report_id FROM {self.q('reports')} WHERE "
                          f"year IN (SELECT unnest({self.p}::{self.int_list})) OR "
                          f"report_id IN (SELECT unnest({self.p}::{self.text_list}))",
                          [years, ids])
        return [r[0] for r in rows]

    def delete(self, report_ids: list, files: list) -> None:
        ids = f"(SELECT unnest({self.p}::{self.text_list}))"
        for table in CHILD_TABLES:
            self.execute(f"DELETE FROM {self.q(table)} WHERE report_id IN {ids}", [report_ids])
        self.execute(f"DELETE FROM {self.q('manifest')} WHERE report_id IN {ids}", [report_ids])
        if files:
            self.execute(f"DELETE FROM {self.q('manifest')} WHERE report_id IS NULL AND "
                         f"(source_file, coalesce(sha256, '')) IN (SELECT "
                         f"unnest({self.p}::{self.text_list}), "
                         f"unnest({self.p}::{self.text_list}))",
                         [[s for s, _ in files], [h or "" for _, h in files]])
        self.execute(f"DELETE FROM {self.q('reports')} WHERE report_id IN {ids}", [report_ids])

    def insert_run(self, values: list) -> None:
        cols = ", ".join(quote(n) for n, _ in RUNS_COLUMNS)
        marks = ", ".join([self.p] * len(values))
        self.execute(f"INSERT INTO {self.q(RUNS_TABLE)} ({cols}) VALUES ({marks})", values)


class _Postgres(_Warehouse):
    dialect = "postgresql"
    p = "%s"
    text_list, int_list = "text[]", "bigint[]"

    def __init__(self, url: str, schema: str | None):
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - a dependency of jixiao
            raise LoadError(f"psycopg 未安装：{exc}")
        try:
            self.conn = psycopg.connect(url, autocommit=False)
        except psycopg.Error as exc:
            raise LoadError(f"无法连接数据库：{' '.join(str(exc).split())}")
        self.schema = schema or "public"
        info = self.conn.info
        self.name = f"postgresql://{info.host}:{info.port}/{info.dbname} schema {self.schema}"

    def transaction(self):
        return self.conn.transaction()

    def execute(self, sql: str, params=None) -> None:
        self.conn.execute(sql, params)

    def fetch(self, sql: str, params=None) -> list:
        return self.conn.execute(sql, params).fetchall()

    def columns(self, table: str) -> list:
        rows = self.fetch("SELECT column_name FROM information_schema.columns WHERE "
                          "table_schema = %s AND table_name = %s", [self.schema, table])
        return [r[0] for r in rows]

    def insert(self, table: str, source: TableSource, run_id: str) -> int:
        names = arrow_schema(table).names + [RUN_COLUMN[0]]
        cols = ", ".join(quote(n) for n in names)
        options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
        n = 0
        with self.conn.cursor() as cur:
            # CSV: an unquoted empty field is NULL, a quoted one an empty string — as
            # pyarrow writes them
            with cur.copy(f"COPY {self.q(table)} ({cols}) FROM STDIN (FORMAT csv)") as copy:
                for batch in source.batches(table):
                    buf = io.BytesIO()
                    pa_csv.write_csv(_with_run_id(batch, run_id), buf, options)
                    copy.write(buf.getvalue())
                    n += batch.num_rows
        return n

    def close(self) -> None:
        self.conn.close()


class _DuckDB(_Warehouse):
    dialect = "duckdb"
    p = "?"
    # DuckDB cannot delete a referenced row in the transaction that deletes its
    # references (its documented foreign-key limitation), which replacing a year needs:
    # the warehouse file declares primary keys only
    foreign_keys = False
    text_list, int_list = "VARCHAR[]", "BIGINT[]"

    def __init__(self, path: str):
        import duckdb
        if not path:
            raise LoadError("duckdb: 后面应写数据库文件的路径，例如 duckdb:warehouse.duckdb")
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        try:
            self.conn = duckdb.connect(path)
        except duckdb.Error as exc:
            raise LoadError(f"无法打开 {path}：{' '.join(str(exc).split())}")
        self.name = f"duckdb:{path}"

    def transaction(self):
        return _DuckTransaction(self.conn)

    def execute(self, sql: str, params=None) -> None:
        self.conn.execute(sql, params or [])

    def fetch(self, sql: str, params=None) -> list:
        return self.conn.execute(sql, params or []).fetchall()

    def columns(self, table: str) -> list:
        rows = self.fetch("SELECT column_name FROM information_schema.columns WHERE "
                          "table_schema = 'main' AND table_name = ?", [table])
        return [r[0] for r in rows]

    def insert(self, table: str, source: TableSource, run_id: str) -> int:
        from .out_duckdb import insert
        insert(self.conn, table, source.reader(table), extra={RUN_COLUMN[0]: run_id})
        return source.num_rows(table)

    def close(self) -> None:
        self.conn.close()


class _DuckTransaction:
    def __init__(self, conn):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN TRANSACTION")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
