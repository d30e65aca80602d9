"""Every generated sample's output matches the expected values written beside it."""
import os

import pytest

from tests.conftest import (SAMPLES, expected_files, family_expected_files, load_expected, report_tables,
                            sample_path)

CASES = expected_files(twins=True) + family_expected_files()  # samples and their PDF, XLSX, HTML twins


def fact_set(rows):
    """Facts as comparable tuples; `period` (a 基础数据表's year column) where it is given."""
    return sorted((r["table"], r["entity"], r["field"], round(float(r["value"]), 4), r.get("period") or "")
                  for r in rows)


@pytest.fixture(scope="module", params=CASES,
                ids=[os.path.relpath(c, SAMPLES) for c in CASES])
def case(request):
    exp = load_expected(request.param)
    return exp, report_tables(sample_path(request.param, exp))


def test_facts(case):
    exp, tables = case
    assert fact_set(tables["facts"]) == fact_set(exp["facts"])


def test_report_fields(case):
    exp, tables = case
    report = tables["reports"][0]
    for key, want in exp["report"].items():
        got = report.get(key)
        if isinstance(want, float) or isinstance(got, float):
            assert got == pytest.approx(want), key
        else:
            assert got == want, key


def test_scores(case):
    exp, tables = case
    got = [(s["level1"], s["level2"], s["indicator"], s["max_score"], s["self_score"])
           for s in tables["scores"]]
    want = [(s["level1"], s["level2"], s["indicator"], s["max_score"], s["self_score"])
            for s in exp["scores"]]
    assert got == want


def test_indicators(case):
    exp, tables = case
    got = [(i["category"], i["dimension"], i["seq"]) for i in tables["indicators"]]
    want = [(i["category"], i["dimension"], i["seq"]) for i in exp["indicators"]]
    assert got == want


def test_sections(case):
    exp, tables = case
    assert [s["path"] for s in tables["sections"] if s["path"] != "0"] == exp["sections"]


def test_errors(case):
    exp, tables = case
    got = sorted((d["rule"], d["fields"]) for d in tables["discrepancies"] if d["severity"] == "error")
    want = sorted((e["rule"], ";".join(e["fields"])) for e in exp["errors"])
    assert got == want
