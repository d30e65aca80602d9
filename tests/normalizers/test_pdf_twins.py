"""A PDF exported from a DOCX report gives the same records and findings as the DOCX."""
import glob
import os

import pytest

from tests.conftest import SAMPLES, report_tables

TWINS = sorted(p for p in glob.glob(os.path.join(SAMPLES, "pdf", "*.pdf"))
               if os.path.exists(os.path.join(SAMPLES, os.path.basename(p)[:-4] + ".docx")))
REPORT_FIELDS = ("year", "department", "budget_code", "staff_authorized", "staff_actual",
                 "score_total", "score_stated", "grade", "n_errors", "n_warnings", "status")


@pytest.fixture(scope="module", params=TWINS, ids=[os.path.basename(p) for p in TWINS])
def pair(request):
    pdf = request.param
    docx = os.path.join(SAMPLES, os.path.basename(pdf)[:-4] + ".docx")
    return report_tables(docx), report_tables(pdf)


def test_there_are_twins():
    assert len(TWINS) >= 16


def test_facts_equal(pair):
    key = lambda f: (f["table"], f["entity"], f["field"], round(f["value"], 6), f["label_raw"])
    d, p = pair
    assert sorted(map(key, p["facts"])) == sorted(map(key, d["facts"]))


def test_scores_equal(pair):
    cols = ("level1", "level2", "indicator", "max_score", "self_score", "level1_points",
            "level2_points", "max_group_score")
    d, p = pair
    assert [tuple(s[c] for c in cols) for s in p["scores"]] == [tuple(s[c] for c in cols) for s in d["scores"]]


def test_indicators_equal(pair):
    d, p = pair
    key = lambda i: (i["category"], i["dimension"], i["seq"], "".join(i["target"].split()))
    assert list(map(key, p["indicators"])) == list(map(key, d["indicators"]))


def test_report_fields_equal(pair):
    d, p = pair
    assert {k: p["reports"][0].get(k) for k in REPORT_FIELDS} == \
        {k: d["reports"][0].get(k) for k in REPORT_FIELDS}


def test_findings_equal(pair):
    key = lambda x: (x["rule"], x["severity"], x["fields"], x["expected"], x["actual"])
    d, p = pair
    assert sorted(map(key, p["discrepancies"]), key=str) == sorted(map(key, d["discrepancies"]), key=str)
