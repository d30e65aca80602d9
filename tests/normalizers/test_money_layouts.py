"""Money printed outside the form's usual grid: label | value rows, amounts inside labels."""
import docx

from normalizers import normalize, reconcile
from parsers import parse


def build(path, rows, caption="单位：万元"):
    d = docx.Document()
    d.add_paragraph(caption)
    t = d.add_table(rows=0, cols=max(len(r) for r in rows))
    for values in rows:
        for cell, value in zip(t.add_row().cells, values):
            cell.text = value
    d.save(path)


def facts(report):
    return {(f.table, f.field): f.value for f in report.facts}


def test_label_value_rows(tmp_path):
    path = str(tmp_path / "pairs.docx")
    build(path, [["项目", "金额"], ["收入合计", "1,000.00"], ["公共财政拨款", "900.00"],
                 ["其他收入", "90.00"], ["三公经费", "12.5"], ["公务接待费", "12.5"]])
    report = normalize(parse(path), "r", path)
    assert facts(report) == {("income", "income_total"): 1000, ("income", "income_fiscal"): 900,
                             ("income", "income_other"): 90, ("three_public", "three_public_total"): 12.5,
                             ("three_public", "three_public_reception"): 12.5}
    sums = [f for f in reconcile(report) if f.rule == "income_total_sum"]
    assert [(f.severity, f.expected, f.actual) for f in sums] == [("error", 990, 1000)]


def test_year_columns_are_not_read_as_pairs(tmp_path):
    path = str(tmp_path / "years.docx")
    build(path, [["经费控制情况", "2021年决算数", "2022年预算数", "2022年决算数"],
                 ["三公经费", "10.5", "9.8", "9.7"]])
    assert normalize(parse(path), "r", path).facts == []


def test_amounts_inside_label_cells_in_yuan(tmp_path):
    path = str(tmp_path / "inline.docx")
    build(path, [["按收入性质分：", "按支出性质分："],
                 ["一般公共预算：13,256,800.00", "基本支出：12,000,000"]], caption="金额单位：元")
    got = facts(normalize(parse(path), "r", path))
    assert got == {("income", "income_fiscal"): 1325.68, ("expenditure", "expenditure_basic"): 1200}
