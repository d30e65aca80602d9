"""--format leaves any output out; derived outputs still come from the typed tables when
neither CSV nor Parquet is asked for; --excel-csv files still validate as a Data Package."""
import json
import os
import shutil

import duckdb
import pytest

from ingest import pipeline
from ingest.outputs import parse_formats
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    src = tmp_path_factory.mktemp("two")
    for name in ("keji-2021.docx", "caizheng-2020.docx"):
        shutil.copy(os.path.join(SAMPLES, name), src / name)
    return src


def test_duckdb_only(two_reports, tmp_path):
    out = tmp_path / "out"
    summary = pipeline.run([str(two_reports)], str(out), workers=1, formats=("duckdb",))
    files = sorted(n for n in os.listdir(out) if not n.startswith("."))
    assert files == ["jixiao.duckdb", "jixiao.log", "run.json"]
    con = duckdb.connect(str(out / "jixiao.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == summary.n_facts > 0
    info = json.load(open(out / "run.json", encoding="utf-8"))
    assert list(info["outputs"]) == ["jixiao.duckdb"] and info["options"]["formats"] == ["duckdb"]


def test_excel_csv_package_validates(two_reports, tmp_path):
    import subprocess
    import sys
    out = tmp_path / "out"
    pipeline.run([str(two_reports)], str(out), workers=1, excel_csv=True,
                 formats=("csv", "datapackage", "html"))
    assert (out / "reports.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (out / "review.xlsx").exists() and (out / "report.html").exists()
    exe = os.path.join(os.path.dirname(sys.executable), "frictionless")
    proc = subprocess.run([exe, "validate", "--json", str(out / "datapackage.json")],
                          capture_output=True, text=True, timeout=300)
    assert json.loads(proc.stdout)["valid"], proc.stdout[:2000]


def test_format_parsing():
    assert parse_formats("xlsx,csv") == ("csv", "xlsx")
    assert parse_formats("all") == parse_formats("csv,parquet,duckdb,xlsx,html,datapackage")
    with pytest.raises(ValueError, match="datapackage"):
        parse_formats("parquet,datapackage")
    with pytest.raises(ValueError, match="unknown"):
        parse_formats("csv,docx")
