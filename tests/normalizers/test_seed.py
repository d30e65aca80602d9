"""The seed report rebuilt as DOCX gives exactly the figures and slips read off the original."""
import os

import pytest

from tests.conftest import SAMPLES, report_tables

SEED = os.path.join(SAMPLES, "keji-2021.docx")


@pytest.fixture(scope="module")
def tables():
    tables = report_tables(SEED)
    assert tables["reports"][0]["status"] == "ok"
    return tables


def facts(tables, table):
    return {(f["entity"], f["field"]): f["value"] for f in tables["facts"] if f["table"] == table}


def test_money_tables(tables):
    assert facts(tables, "income") == {("局机关", "income_total"): 792.52,
                                       ("局机关", "income_fiscal"): 792.52}
    assert facts(tables, "expenditure") == {
        ("局机关", "expenditure_total"): 792.52, ("局机关", "expenditure_basic"): 795.52,
        ("局机关", "expenditure_personnel"): 618.79, ("局机关", "expenditure_public"): 173.73}
    assert facts(tables, "three_public") == {
        ("局机关", "three_public_total"): 2.5, ("局机关", "three_public_reception"): 2.5,
        ("局机关", "three_public_vehicle_operation"): 0, ("局机关", "three_public_vehicle_purchase"): 0,
        ("局机关", "three_public_overseas"): 0}
    assert facts(tables, "fixed_assets") == {("局机关", "fixed_assets_total"): 202.46,
                                             ("局机关", "fixed_assets_in_use"): 202.46}
    assert facts(tables, "basic_info") == {("", "staff_authorized"): 36, ("", "staff_actual"): 108}


def test_narrative_figures(tables):
    got = facts(tables, "narrative")
    for field, value in {"staff_total": 108, "staff_in_service": 36, "staff_retired": 72,
                         "expenditure_basic": 792.52, "expenditure_personnel": 618.79,
                         "wages_welfare": 577.54, "household_subsidies": 41.25,
                         "expenditure_public": 173.73}.items():
        assert got[("", field)] == pytest.approx(value), field


def test_money_keeps_what_was_printed(tables):
    fiscal = next(f for f in tables["facts"] if f["field"] == "income_fiscal")
    assert fiscal["label_raw"] == "公共财政拨款" and fiscal["text_raw"] == "792.52"
    assert fiscal["unit"] == "万元" and "表" in fiscal["location"]


def test_score_sheet(tables):
    scores = tables["scores"]
    assert len(scores) == 25
    assert sum(s["self_score"] for s in scores) == pytest.approx(95.9)
    shared = [s for s in scores if s["indicator"] in ("经济效益", "社会效益", "生态效益")]
    assert [s["max_score"] for s in shared] == [None, None, None]
    assert {s["max_group_score"] for s in shared} == {15}
    assert len({s["max_group"] for s in shared}) == 1
    first = scores[0]
    assert (first["level1"], first["level1_points"], first["level2"]) == ("投入", 15, "预算配置")


def test_report_fields(tables):
    report = tables["reports"][0]
    assert report["year"] == 2021
    assert report["score_total"] == pytest.approx(95.9)
    assert report["score_stated"] == 96
    assert report["grade"] == "优"


def test_the_three_slips_and_nothing_else(tables):
    errors = sorted((d["rule"], d["fields"]) for d in tables["discrepancies"] if d["severity"] == "error")
    assert errors == [
        ("expenditure_basic_sum", "expenditure_basic;expenditure_personnel;expenditure_public"),
        ("expenditure_total_sum", "expenditure_total;expenditure_basic;expenditure_project"),
        ("narrative_vs_table", "expenditure_basic"),
    ]
    basic = next(d for d in tables["discrepancies"] if d["rule"] == "expenditure_basic_sum")
    assert basic["expected"] == pytest.approx(792.52) and basic["actual"] == pytest.approx(795.52)
    assert "基本支出" in basic["message"] and "795.52" in basic["message"]
    stated = [d for d in tables["discrepancies"] if d["rule"] == "score_stated_vs_total"]
    assert [d["severity"] for d in stated] == ["warning"]


def test_sections_follow_the_drifting_outline(tables):
    paths = [s["path"] for s in tables["sections"]]
    assert paths[:3] == ["一", "一/（一）", "一/（二）"]
    assert "四" in paths and "四/8" in paths and "五" in paths and "六/5" in paths
    four = next(s for s in tables["sections"] if s["path"] == "四")
    assert four["heading"] == "部门（单位）整体支出绩效情况"
