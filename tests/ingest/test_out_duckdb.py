"""OUT/jixiao.duckdb holds every table of the samples run, typed as Parquet, with keys."""
import json
import os

import duckdb
import pyarrow.parquet as pq
import pytest

from ingest.schema import TABLES
from tests.ingest.conftest import keji_report, read_csv_rows


@pytest.fixture(scope="module")
def db(samples_run):
    con = duckdb.connect(os.path.join(samples_run, "jixiao.duckdb"), read_only=True)
    yield con
    con.close()


def test_row_counts_match_the_csv_files(db, samples_run):
    for table in TABLES:
        n = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        assert n == len(read_csv_rows(samples_run, table)), table
    assert db.execute("SELECT count(*) FROM facts").fetchone()[0] > 1000


def test_types_are_the_parquet_types(db, samples_run):
    names = {"string": "VARCHAR", "large_string": "VARCHAR", "int64": "BIGINT", "double": "DOUBLE"}
    for table in TABLES:
        schema = pq.read_schema(os.path.join(samples_run, table + ".parquet"))
        got = db.execute("SELECT column_name, data_type FROM information_schema.columns "
                         "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
        assert got == [(f.name, names[str(f.type)]) for f in schema], table


def test_known_report_score_and_error(db, samples_run):
    keji = keji_report(samples_run)
    score, grade, n_errors = db.execute(
        "SELECT score_total, grade, n_errors FROM reports WHERE report_id = ?",
        [keji["report_id"]]).fetchone()
    assert (score, grade, n_errors) == (float(keji["score_total"]), keji["grade"],
                                        int(keji["n_errors"]))
    assert score == 95.9 and n_errors == 3
    message, location = db.execute(
        "SELECT message, location FROM discrepancies WHERE report_id = ? "
        "AND rule = 'expenditure_basic_sum'", [keji["report_id"]]).fetchone()
    assert "基本支出 795.52" in message and "人员支出 618.79" in message
    assert location == "表1第16行第3列; 表1第16行第4列; 表1第16行第5列"


def test_keys(db):
    pk = db.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                    "WHERE constraint_type = 'PRIMARY KEY' ORDER BY table_name").fetchall()
    assert pk == [("manifest", ["source_file"]), ("reports", ["report_id"])]
    fks = {r[0] for r in db.execute("SELECT table_name FROM duckdb_constraints() "
                                    "WHERE constraint_type = 'FOREIGN KEY'").fetchall()}
    assert fks == {"facts", "scores", "indicators", "budget_execution", "sections",
                   "discrepancies"}
    orphans = db.execute("SELECT count(*) FROM facts LEFT JOIN reports USING (report_id) "
                         "WHERE reports.report_id IS NULL").fetchone()[0]
    assert orphans == 0


def test_run_json_says_how_outputs_were_made(samples_run):
    info = json.load(open(os.path.join(samples_run, "run.json"), encoding="utf-8"))
    assert info["jixiao_version"]
    kinds = {f["kind"] for f in info["data_files"]}
    assert {"labels", "rules"} <= kinds
    labels = next(f for f in info["data_files"] if f["path"].endswith("labels.csv"))
    import hashlib
    from tests.conftest import ROOT
    data = open(os.path.join(ROOT, labels["path"]), "rb").read()
    assert labels["sha256"] == hashlib.sha256(data).hexdigest()
    assert info["started"] <= info["finished"]
    assert info["counts"]["reports"] == len(read_csv_rows(samples_run, "reports"))
    assert info["counts"]["rows"]["facts"] == len(read_csv_rows(samples_run, "facts"))
    manifest = read_csv_rows(samples_run, "manifest")
    assert info["counts"]["files"] == len(manifest)
    assert info["outputs"]["jixiao.duckdb"]["written_by"].startswith("duckdb ")
    assert info["outputs"]["facts.csv"]["rows"] == info["counts"]["rows"]["facts"]
    assert info["options"]["formats"][:2] == ["csv", "parquet"]
    assert info["output_errors"] == []
