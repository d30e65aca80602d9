"""Every format-2 sample (自评表 and the other forms) gives its expected records, value by value.

The expected JSON sits beside each sample (`samples/<family>/*.expected.json`, PDF twins in
`pdf/`), one entry per report the file holds; a key left out of an expected row is not
compared (a Family A indicator has no `operator`).
"""
import os
import re

import pytest

from normalizers.text import squash
from tests.conftest import load_expected, report_tables, sample_path, v2_expected_files

CASES = v2_expected_files()
SUFFIX_RE = re.compile(r"(-\d+)?$")
TEXT_KEYS = {"target", "result", "deviation_note", "text", "label_raw"}


@pytest.fixture(scope="module", params=CASES, ids=[os.path.relpath(c, "samples") for c in CASES])
def case(request):
    exp = load_expected(request.param)
    return exp, by_report(report_tables(sample_path(request.param, exp)))


def by_report(tables):
    """{id suffix: {table: rows}}: '' for the file's own report, '-1', ... for the others."""
    out = {}
    for rid in (r["report_id"] for r in tables["reports"]):
        out[SUFFIX_RE.search(rid).group(0)] = {t: [row for row in rows if row.get("report_id") == rid]
                                for t, rows in tables.items()}
    return out


def same(got, want):
    if isinstance(want, float) or isinstance(got, float):
        return got is not None and want is not None and got == pytest.approx(want, abs=1e-6)
    return got == want


def match_rows(got_rows, want_rows, what):
    assert len(got_rows) == len(want_rows), f"{what}: {len(got_rows)} rows, expected {len(want_rows)}"
    for k, (got, want) in enumerate(zip(got_rows, want_rows)):
        for key, value in want.items():
            g = got.get(key)
            if key in TEXT_KEYS and isinstance(value, str):
                g, value = squash(g or ""), squash(value)
            assert same(g, value), f"{what} row {k + 1} {key}: {g!r} != {value!r}"


def test_cases_exist():
    assert len(CASES) >= 8


def test_reports(case):
    exp, got = case
    assert sorted(got) == sorted(r["id_suffix"] for r in exp["reports"])
    for want in exp["reports"]:
        report = got[want["id_suffix"]]["reports"][0]
        for key, value in want["report"].items():
            assert same(report.get(key), value), f"{want['id_suffix'] or 'report'} {key}"


def test_facts(case):
    exp, got = case
    key = lambda r: (r["table"], r["entity"], r["field"], round(float(r["value"]), 4),
                     r.get("period") or "")  # a 基础数据表's year column
    for want in exp["reports"]:
        assert sorted(map(key, got[want["id_suffix"]]["facts"])) == sorted(map(key, want["facts"]))


@pytest.mark.parametrize("table", ["budget_execution", "indicators", "scores"])
def test_rows(case, table):
    exp, got = case
    for want in exp["reports"]:
        match_rows(got[want["id_suffix"]][table], want.get(table, []), f"{want['id_suffix']} {table}")


def test_sections(case):
    exp, got = case
    for want in exp["reports"]:
        rows = [s for s in got[want["id_suffix"]]["sections"] if s["path"] != "0"]
        match_rows(rows, want["sections"], f"{want['id_suffix']} sections")


@pytest.mark.parametrize("severity", ["error", "warning"])
def test_findings(case, severity):
    exp, got = case
    for want in exp["reports"]:
        rows = got[want["id_suffix"]]["discrepancies"]
        found = sorted((d["rule"], d["fields"]) for d in rows if d["severity"] == severity)
        wanted = sorted((f["rule"], ";".join(f["fields"])) for f in want[severity + "s"])
        assert found == wanted
