"""Family F (narrative-only reports) read from the generated samples in samples/narrative/."""
from __future__ import annotations

import pytest

from tests.conftest import SAMPLES, report_tables

F = f"{SAMPLES}/narrative"


def _paths(t):
    return [s["path"] for s in t["sections"] if s["path"] != "0"]


def test_province_outline_facts_and_title():
    t = report_tables(f"{F}/yingji-2023-narrative-province.docx")
    r = t["reports"][0]
    assert (r["form"], r["status"], r["department"], r["department_source"], r["year"]) == \
        ("narrative_only", "ok", "湖南省应急管理厅", "title", 2023)
    assert "三/（一）/2" in _paths(t) and _paths(t)[-1] == "六"
    narr = {f["field"]: f["value"] for f in t["facts"] if f["table"] == "narrative"}
    assert narr["expenditure_total"] == 5108.36 and narr["staff_in_service"] == 81
    assert [d for d in t["discrepancies"] if d["severity"] in ("error", "warning")] == []


def test_parts_and_items_and_bold_headings():
    parts = report_tables(f"{F}/shiyan-2019-narrative-parts.docx")
    assert _paths(parts)[:3] == ["第一部分", "第一部分/一", "第一部分/二"]
    bold = report_tables(f"{F}/hengxian-2017-narrative-bold.docx")
    assert _paths(bold) == ["一", "二", "三", "四", "四/一是", "四/二是", "四/三是"]
    items = [s for s in bold["sections"] if s["path"] == "四/二是"]
    assert items[0]["heading"] == "" and items[0]["text"].startswith("细化绩效目标")


def test_county_title_on_two_lines_names_the_department():
    r = report_tables(f"{F}/nanxian-2021-narrative-county.docx")["reports"][0]
    assert (r["department"], r["year"]) == ("政协南县委员会", 2021)


def test_third_party_summary_gives_scores_total_and_grade():
    t = report_tables(f"{F}/xizang-2020-narrative-thirdparty.docx")
    assert [(s["level1"], s["max_score"], s["self_score"]) for s in t["scores"]] == [
        ("项目投入", 16, 15.5), ("项目过程", 44, 41), ("项目产出", 22, 20.5), ("项目效果", 18, 16.5)]
    r = t["reports"][0]
    assert (r["score_total"], r["grade"], r["form"]) == (93.5, "优", "narrative_only")


def test_self_contradicting_figure_is_an_error_pointing_at_the_text():
    t = report_tables(f"{F}/luxi-2016-narrative-slip.docx")
    errs = [d for d in t["discrepancies"] if d["severity"] == "error"]
    assert [d["rule"] for d in errs] == ["narrative_basic_sum"]
    assert "1234.56" in errs[0]["message"] and "一/（一）" in errs[0]["location"]


@pytest.mark.parametrize("name", ["yingji-2023-narrative-province", "hengxian-2017-narrative-bold"])
def test_pdf_twin_gives_the_same_sections(name):
    docx, pdf = report_tables(f"{F}/{name}.docx"), report_tables(f"{F}/pdf/{name}.pdf")
    key = lambda t: [(s["path"], s["heading"]) for s in t["sections"] if s["path"] != "0"]
    assert key(pdf) == key(docx)
