"""OUT/review.xlsx, opened with openpyxl, holds the samples run's values as the CSVs do."""
import os

import openpyxl
import pytest

from ingest.out_review import write
from ingest.schema import TABLES, columns
from ingest.tables import MemorySource
from tests.ingest.conftest import keji_report, read_csv_rows


@pytest.fixture(scope="module")
def book(samples_run):
    return openpyxl.load_workbook(os.path.join(samples_run, "review.xlsx"), read_only=False)


def sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_sheets_and_row_counts(book, samples_run):
    assert book.sheetnames[:2] == ["汇总", "问题清单"]
    for table in TABLES:
        name = next(n for n in book.sheetnames if n.endswith(" " + table))
        header, rows = sheet_rows(book[name])
        assert [h.split("\n")[1] for h in header] == columns(table)
        assert len(rows) == len(read_csv_rows(samples_run, table)), table
    header, rows = sheet_rows(book["汇总"])
    assert len(rows) == len(read_csv_rows(samples_run, "reports"))


def test_summary_row_of_a_known_report(book, samples_run):
    keji = keji_report(samples_run)
    header, rows = sheet_rows(book["汇总"])
    row = dict(zip(header, next(r for r in rows if r[header.index("报告编号")] == keji["report_id"])))
    assert row["总分"] == float(keji["score_total"]) == 95.9
    assert isinstance(row["年度"], int) and row["年度"] == int(keji["year"])
    assert row["等次"] == keji["grade"] and row["错误"] == 3 and row["警告"] == 1
    assert row["表式"] == "部门整体支出绩效评价自评报告"
    assert row["源文件"] == keji["source_file"]
    # reports with most errors first
    errors = [r[header.index("错误")] for r in rows]
    assert errors == sorted(errors, reverse=True)


def test_findings_errors_first_with_location(book, samples_run):
    header, rows = sheet_rows(book["问题清单"])
    assert header[:6] == ("严重程度", "源文件", "部门（单位）名称", "年度", "说明", "位置")
    assert len(rows) == len(read_csv_rows(samples_run, "discrepancies"))
    sev = [r[0] for r in rows]
    rank = {"错误": 0, "警告": 1, "提示": 2}
    assert [rank[s] for s in sev] == sorted(rank[s] for s in sev)
    keji = keji_report(samples_run)
    want = next(d for d in read_csv_rows(samples_run, "discrepancies")
                if d["report_id"] == keji["report_id"] and d["rule"] == "expenditure_basic_sum")
    got = dict(zip(header, next(r for r in rows if r[header.index("报告编号")] == keji["report_id"]
                                and r[header.index("规则")] == "expenditure_basic_sum")))
    assert got["严重程度"] == "错误"
    assert got["说明"] == want["message"] and "基本支出 795.52" in got["说明"]
    assert got["位置"] == want["location"] == "表1第16行第3列; 表1第16行第4列; 表1第16行第5列"
    assert got["应为"] == 792.52 and got["实际"] == 795.52 and got["差额"] == 3


def test_frozen_header_and_filter(book):
    for name in book.sheetnames:
        ws = book[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name


def test_formula_like_text_stays_text(tmp_path):
    source = MemorySource({
        "reports": [{"report_id": "r1", "department": "=1+2", "source_file": "@x.docx",
                     "year": 2021, "score_total": 90.5, "n_errors": 1, "n_warnings": 0}],
        "discrepancies": [{"report_id": "r1", "rule": "x", "severity": "error",
                           "message": "-SUM(A1:A3)", "location": "+表1"}],
    })
    write(str(tmp_path), source)
    wb = openpyxl.load_workbook(tmp_path / "review.xlsx")
    header, rows = sheet_rows(wb["汇总"])
    cell = wb["汇总"].cell(row=2, column=header.index("部门（单位）名称") + 1)
    assert cell.value == "=1+2" and cell.data_type == "s"
    assert wb["汇总"].cell(row=2, column=header.index("总分") + 1).value == 90.5
    f_header, _ = sheet_rows(wb["问题清单"])
    msg = wb["问题清单"].cell(row=2, column=f_header.index("说明") + 1)
    assert msg.value == "-SUM(A1:A3)" and msg.data_type == "s"
    assert not os.path.exists(tmp_path / ".review.xlsx")
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []
