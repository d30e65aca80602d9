"""Family B (基础数据表 + 指标表) read from the generated samples in samples/basicdata/."""
from __future__ import annotations

import pytest

from normalizers.checks_forms import evaluate, shown_computation
from tests.conftest import SAMPLES, report_tables

B = f"{SAMPLES}/basicdata"


@pytest.fixture(scope="module")
def wenlv():
    return report_tables(f"{B}/wenlv-2023-basicdata.docx")


def _facts(tables, field):
    return {f["period"]: f["value"] for f in tables["facts"] if f["field"] == field}


def test_three_year_columns_stay_apart(wenlv):
    assert _facts(wenlv, "three_public_total") == {"prev_final": 10.5, "budget": 12.0, "final": 9.8}
    assert _facts(wenlv, "expenditure_project") == {"prev_final": 155.0, "budget": 170.0, "final": 164.6}
    # the 其中 sub-lines that are no contract field give no facts
    assert {f["field"] for f in wenlv["facts"]} == {
        "staff_authorized", "staff_in_service", "staff_control_rate", "three_public_total",
        "three_public_vehicle", "three_public_vehicle_purchase", "three_public_vehicle_operation",
        "three_public_overseas", "three_public_reception", "expenditure_project",
        "expenditure_public", "office_expenses", "government_procurement"}
    assert all(f["table"] == "basic_data" for f in wenlv["facts"])


def test_control_rate_is_a_fraction_and_staff_fill_the_report(wenlv):
    assert _facts(wenlv, "staff_control_rate") == {"final": 0.9375}
    report = wenlv["reports"][0]
    assert (report["staff_authorized"], report["staff_actual"]) == (32, 30)
    assert (report["form"], report["status"], report["year"], report["year_source"]) == \
        ("basic_data_table", "ok", 2023, "table")


def test_clean_sheet_has_no_findings_beyond_info(wenlv):
    assert [d for d in wenlv["discrepancies"] if d["severity"] != "info"] == []


def test_indicator_sheet_rows_keep_level_points_and_explanations(wenlv):
    rows = wenlv["scores"]
    assert len(rows) == 22 and {r["sheet"] for r in rows} == {"basic_data"}
    first = rows[0]
    assert (first["level1"], first["level1_points"], first["level2"], first["level2_points"]) == \
        ("投入", 13, "预算配置", 13)
    assert first["explanation"].endswith("=30÷32×100%=93.75%")
    assert wenlv["reports"][0]["score_total"] == pytest.approx(98.5)  # 预算完成率 4.5 of 5, 资金使用合规性 5 of 6


def test_weights_headed_defen_are_read_as_points():
    t = report_tables(f"{B}/guantang-2023-basicdata.docx")
    assert [r["max_score"] for r in t["scores"]][:4] == [5, 8, 5, 5]
    assert t["scores"][0]["level1_points"] == 13
    assert _facts(t, "staff_control_rate") == {"final": 1.087}
    assert "prev_final" not in _facts(t, "three_public_total")  # blank cells give no facts


@pytest.mark.parametrize("name, rule", [
    ("chengguan-2018-basicdata-slip-rate", "basic_control_rate"),
    ("chengguan-2018-basicdata-slip-computation", "score_explanation_computation"),
    ("chengguan-2018-basicdata-slip-score-max", "score_above_max"),
    ("chengguan-2018-basicdata-slip-total", "score_total_sum"),
])
def test_each_slip_gives_its_one_error(name, rule):
    t = report_tables(f"{B}/{name}.docx")
    assert [d["rule"] for d in t["discrepancies"] if d["severity"] == "error"] == [rule]


def test_computation_message_points_at_the_cell():
    t = report_tables(f"{B}/chengguan-2018-basicdata-slip-computation.docx")
    d = next(d for d in t["discrepancies"] if d["rule"] == "score_explanation_computation")
    assert "预算控制率" in d["message"] and "6.15%" in d["message"] and "7.15%" in d["message"]
    assert d["location"].startswith("表") and "第8列" in d["location"]


def test_seed_form_with_sheets_attached_is_both_and_checked_apart():
    t = report_tables(f"{B}/weijian-2023-with-basicdata.docx")
    report = t["reports"][0]
    assert report["form"] == "dept_report;basic_data_table"
    sheets = [r["sheet"] for r in t["scores"]]
    assert sheets == [""] * 25 + ["basic_data"] * 22
    # 总分 of each sheet against its own rows: no score_total_sum error
    assert [d["rule"] for d in t["discrepancies"] if d["severity"] == "error"] == []
    assert report["score_total"] == 72.5  # the seed's 评分表 total, as printed


def test_shown_computation_and_safe_evaluation():
    expr, result = shown_computation("预算完成率=(上年结转+…)/(…)×100%=(63.46-32)÷32=98.31%")
    assert (expr, result) == ("(63.46-32)/32", "98.31%")
    assert evaluate(expr) * 100 == pytest.approx(98.3125)
    assert evaluate("28/30*100%") == pytest.approx(28 / 30)
    for hostile in ("__import__('os').system('true')", "2**999999", "[1]*9", "a+1"):
        with pytest.raises(ValueError):
            evaluate(hostile)
    assert shown_computation("在职人员控制率=(在职人员数/编制数)×100%") is None
