"""Department, budget code and year from wherever a person finds them: cover lines without
colons, glued labels, the title, and last the file name (`*_source` says which)."""
from __future__ import annotations

import shutil

import docx

from normalizers import read_reports
from parsers import parse
from tests.conftest import SAMPLES, report_tables


def _report(path):
    return read_reports(parse(str(path)), "r", str(path))[0].fields


def _cover_docx(path, lines):
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    t = d.add_table(rows=2, cols=2)
    for r, (label, value) in enumerate((("人员编制", "12"), ("实有人数", "15"))):
        t.cell(r, 0).text, t.cell(r, 1).text = label, value
    d.save(str(path))
    return path


def test_cover_labels_without_colon(tmp_path):
    path = _cover_docx(tmp_path / "a.docx", [
        "市城管指挥中心2018年度部门整体支出绩效评价自评报告",
        "部门（单位）名称\t市城管指挥中心", "预 算 编 码   YYX292", "报告日期  2019年6月18日"])
    f = _report(path)
    assert (f["department"], f["department_source"]) == ("市城管指挥中心", "cover")
    assert f["budget_code"] == "YYX292"
    assert (f["year"], f["year_source"]) == (2018, "cover")


def test_budget_code_must_be_letters_and_digits(tmp_path):
    path = _cover_docx(tmp_path / "a.docx", ["预算编码：（盖章）", "部门名称：区统计局"])
    f = _report(path)
    assert f["budget_code"] is None and f["department"] == "区统计局"


def test_glued_label_and_value_as_a_pdf_gives_them():
    f = report_tables(f"{SAMPLES}/covers/pdf/cover-2022-spaced-labels.pdf")["reports"][0]
    assert (f["department"], f["budget_code"]) == ("区园林绿化中心", "HN0307A")


def test_department_and_year_from_the_file_name_last(tmp_path):
    src = f"{SAMPLES}/covers/区商务局2022年整体支出绩效自评报告.docx"
    f = report_tables(src)["reports"][0]
    assert (f["department"], f["department_source"], f["year"], f["year_source"]) == \
        ("区商务局", "filename", 2022, "filename")
    # the same bytes under a name that says nothing: nothing is guessed
    plain = tmp_path / "report.docx"
    shutil.copyfile(src, plain)
    f = report_tables(str(plain))["reports"][0]
    assert f["department"] is None and f["year"] is None


def test_a_region_in_the_file_name_is_not_a_department(tmp_path):
    dst = tmp_path / "岳阳楼区2022年度自评报告.docx"
    shutil.copyfile(f"{SAMPLES}/covers/区商务局2022年整体支出绩效自评报告.docx", dst)
    f = report_tables(str(dst))["reports"][0]
    assert f["department"] is None and f["year"] == 2022
