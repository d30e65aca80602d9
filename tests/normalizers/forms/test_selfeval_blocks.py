"""Finding the forms and their blocks in real generated 自评表 files."""
import os

import pytest

from normalizers.forms.selfeval import find_forms
from normalizers.forms.selfeval_blocks import strip_code, title_kind
from normalizers.grid import table_views
from parsers import parse
from tests.conftest import SAMPLES

DIR = os.path.join(SAMPLES, "selfeval")


def forms_of(name):
    doc = parse(os.path.join(DIR, name + ".docx"))
    return [f for f in find_forms(table_views(doc), set()) if f.is_form()]


def test_one_long_table_splits_at_each_title_row():
    forms = forms_of("anhui-2022-three-projects")
    assert [f.kind for f in forms] == ["project"] * 3
    assert len({id(v) for f in forms for v in f.views}) == 1
    assert [f.fields["project_name"] for f in forms] == ["农业技术推广服务", "动物防疫补助经费",
                                                         "农村集体“三资”管理"]
    assert all(f.closed for f in forms)


def test_separate_tables_and_kinds():
    forms = forms_of("minzheng-2023-dept-projects")
    assert [f.kind for f in forms] == ["dept", "project", "project"]
    assert forms[0].fields["department"] == "云溪区民政局"


def test_funds_columns_found_by_label_in_any_order():
    weijian, jiaoyu = forms_of("weijian-2023-project-slip-rate")[0], forms_of("jiaoyu-2022-project")[0]
    # 执行率 before 分值 in one, after it in the other; both read the same lines
    assert weijian.budget[0]["rate"] == pytest.approx(0.95)
    assert jiaoyu.budget[0]["rate"] == pytest.approx(0.98)
    assert [b["line"] for b in weijian.budget] == ["total", "fiscal", "carryover", "other"]


def test_embedded_amounts_are_dept_funds():
    form = forms_of("hengshan-2023-dept")[0]
    got = {f.field: f.value for f in form.facts}
    assert got["income_fiscal"] == pytest.approx(1325.68)
    assert got["expenditure_total"] == pytest.approx(1925.67)
    assert all(f.table == "dept_funds" for f in form.facts)


def test_unmerged_level_cells_read_as_the_one_above():
    form = forms_of("nongye-2022-project-slip-score")[0]
    assert [(i["level1"], i["level2"]) for i in form.indicators[:2]] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标")]
    assert form.indicators[-1]["level1"] == "满意度指标"


def test_family_a_tables_are_not_a_form():
    assert forms_of("jiaoyu-2022-with-selfeval")[0].kind == "dept"
    assert len(forms_of("jiaoyu-2022-with-selfeval")) == 1
    doc = parse(os.path.join(SAMPLES, "keji-2021.docx"))
    assert [f for f in find_forms(table_views(doc), set()) if f.is_form()] == []


def test_names_and_titles():
    assert strip_code("219001-岳阳市第一中学") == ("岳阳市第一中学", "219001")
    assert strip_code("岳阳市教育局") == ("岳阳市教育局", None)
    assert strip_code("51000022T000000123456-学前教育补助") == ("学前教育补助", "51000022T000000123456")
    assert title_kind("项目支出绩效自评表（2022年度）") == "project"
    assert title_kind("部门整体支出绩效自评表") == "dept"
    assert title_kind("部门整体支出绩效评价自评报告") is None
