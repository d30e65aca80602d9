"""`jixiao load`: a run into a real PostgreSQL server (started here, in a temporary folder)
and into a DuckDB warehouse; the same year loaded twice replaces, another year adds."""
import glob
import os
import shutil
import subprocess
import tempfile

import duckdb
import pytest

from ingest.load import load
from ingest.schema import TABLES
from tests.ingest.conftest import keji_report, read_csv_rows

PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _as_postgres(cmd):
    """Run a server command; as root, as the `postgres` OS user (initdb refuses root)."""
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pg_url():
    if not PG_BINS:
        reason = ("no PostgreSQL server binary (/usr/lib/postgresql/*/bin/initdb); "
                  "install Debian's postgresql package to run these tests")
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: " + reason)
        pytest.skip(reason)
    bindir = os.path.dirname(PG_BINS[-1])
    root = tempfile.mkdtemp(prefix="jixiao-pg-")
    data = os.path.join(root, "data")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    _as_postgres([os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C", "--no-sync"])
    _as_postgres([os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(root, "log"),
                  "-w", "-o", f"-k {root} -c listen_addresses='' -p 5432 -F", "start"])
    try:
        yield f"postgresql://postgres@/postgres?host={root}&port=5432"
    finally:
        _as_postgres([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w",
                      "stop"])
        shutil.rmtree(root, ignore_errors=True)


def pg_counts(url, schema):
    import psycopg
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{schema}"."{t}"').fetchone()[0]
                for t in list(TABLES) + ["runs"]}


def csv_counts(out):
    return {t: len(read_csv_rows(out, t)) for t in TABLES}


def test_postgres_load_twice_same_counts(pg_url, samples_run):
    import psycopg
    first = load(samples_run, pg_url, schema="jixiao")
    want = csv_counts(samples_run)
    got = pg_counts(pg_url, "jixiao")
    assert {t: got[t] for t in TABLES} == want and got["runs"] == 1
    assert first.rows == want
    keji = keji_report(samples_run)
    with psycopg.connect(pg_url) as conn:
        value, text_raw = conn.execute(
            "SELECT value, text_raw FROM jixiao.facts WHERE report_id = %s AND "
            "field = 'expenditure_basic' AND \"table\" = 'expenditure' AND entity = '局机关'",
            [keji["report_id"]]).fetchone()
        assert value == 795.52 and text_raw == "795.52"
        score, year = conn.execute("SELECT score_total, year FROM jixiao.reports "
                                   "WHERE report_id = %s", [keji["report_id"]]).fetchone()
        assert score == 95.9 and year == 2021
        types = dict(conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'jixiao' AND table_name = 'reports'").fetchall())
        assert types["year"] == "bigint" and types["score_total"] == "double precision"
        assert types["department"] == "text"
        keys = conn.execute(
            "SELECT tc.table_name, tc.constraint_type FROM information_schema.table_constraints tc "
            "WHERE tc.table_schema = 'jixiao' AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
        ).fetchall()
        assert ("reports", "PRIMARY KEY") in keys and ("facts", "FOREIGN KEY") in keys
        # an empty string and a null stay apart through COPY
        n_null = conn.execute("SELECT count(*) FROM jixiao.reports WHERE budget_code IS NULL"
                              ).fetchone()[0]
        assert n_null == sum(1 for r in read_csv_rows(samples_run, "reports")
                             if r["budget_code"] == "")
    second = load(samples_run, pg_url, schema="jixiao")
    assert second.replaced_reports == want["reports"] and second.run_id != first.run_id
    again = pg_counts(pg_url, "jixiao")
    assert {t: again[t] for t in TABLES} == want and again["runs"] == 2


def test_duckdb_warehouse_keeps_years_side_by_side(samples_run, tmp_path):
    from ingest.tables import ParquetSource
    from ingest.writers import write_table
    reports = ParquetSource(samples_run).table("reports").to_pylist()
    years = sorted({r["year"] for r in reports if r["year"]})
    assert len(years) >= 3
    # a run holding one year only: the samples' tables filtered to that year
    one = tmp_path / "one-year"
    one.mkdir()
    keep = {r["report_id"] for r in reports if r["year"] == years[0]}
    src = ParquetSource(samples_run)
    for table in TABLES:
        rows = src.table(table).to_pylist()
        if table != "manifest":
            rows = [r for r in rows if r["report_id"] in keep]
        else:
            rows = [r for r in rows if r["report_id"] in keep]
        write_table(str(one), table, rows, ("parquet",))
    db = tmp_path / "wh.duckdb"
    load(samples_run, f"duckdb:{db}")
    want = csv_counts(samples_run)
    con = duckdb.connect(str(db), read_only=True)
    assert {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES} == want
    con.close()
    # loading the one-year run replaces that year's reports only
    result = load(str(one), f"duckdb:{db}")
    assert result.years == [years[0]] and result.replaced_reports == len(keep)
    con = duckdb.connect(str(db), read_only=True)
    by_year = dict(con.execute("SELECT year, count(*) FROM reports GROUP BY year").fetchall())
    assert by_year == {y: sum(1 for r in reports if r["year"] == y) for y in
                       {r["year"] for r in reports}}
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == want["facts"]
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    runs = con.execute("SELECT count(DISTINCT run_id) FROM reports").fetchone()[0]
    assert runs == 2
    con.close()


def test_load_refuses_an_unknown_target(samples_run):
    from ingest.load import LoadError
    with pytest.raises(LoadError):
        load(samples_run, "mysql://x")
