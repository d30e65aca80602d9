"""OUT/datapackage.json of the samples run: `frictionless validate` passes on every CSV,
and the package says what the schema says."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from ingest.schema import FOREIGN_KEYS, TABLES, columns
from tests.ingest.conftest import read_csv_rows


def frictionless_cmd():
    exe = os.path.join(os.path.dirname(sys.executable), "frictionless")
    return exe if os.path.exists(exe) else shutil.which("frictionless")


def test_frictionless_validate_passes(samples_run):
    cmd = frictionless_cmd()
    assert cmd, "frictionless is a test dependency (setup.cfg [test])"
    proc = subprocess.run([cmd, "validate", "--json", os.path.join(samples_run, "datapackage.json")],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(proc.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:3000]
    assert proc.returncode == 0
    rows = {t["name"]: t["stats"]["rows"] for t in report["tasks"]}
    for table in TABLES:
        assert rows[table] == len(read_csv_rows(samples_run, table)), table


def test_package_describes_the_schema(samples_run):
    package = json.load(open(os.path.join(samples_run, "datapackage.json"), encoding="utf-8"))
    res = {r["name"]: r for r in package["resources"]}
    assert set(res) == set(TABLES)
    for table in TABLES:
        fields = res[table]["schema"]["fields"]
        assert [f["name"] for f in fields] == columns(table)
        assert all(f["title"] for f in fields)
    types = {f["name"]: f["type"] for f in res["reports"]["schema"]["fields"]}
    assert types["year"] == "integer" and types["score_total"] == "number"
    assert types["department"] == "string"
    assert res["reports"]["schema"]["primaryKey"] == ["report_id"]
    titles = {f["name"]: f["title"] for f in res["reports"]["schema"]["fields"]}
    assert titles["staff_authorized"] == "人员编制" and titles["grade"] == "等次"
    for table in FOREIGN_KEYS:
        fk = res[table]["schema"]["foreignKeys"][0]
        assert fk == {"fields": ["report_id"],
                      "reference": {"resource": "reports", "fields": ["report_id"]}}


def test_broken_csv_fails_validation(samples_run, tmp_path):
    """The package checks rows: a fact pointing at no report is caught."""
    out = tmp_path / "out"
    shutil.copytree(samples_run, out, ignore=shutil.ignore_patterns(".jixiao-cache", "*.duckdb",
                                                                    "*.xlsx"))
    with open(out / "facts.csv", "a", encoding="utf-8") as fh:
        fh.write('"nosuchreport","income",,"income_total",1.0,,,,,,,,\n')
    from ingest.out_datapackage import write
    write(str(out))
    proc = subprocess.run([frictionless_cmd(), "validate", "--json", str(out / "datapackage.json")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0 and not json.loads(proc.stdout)["valid"]
