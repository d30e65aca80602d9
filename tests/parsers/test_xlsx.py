"""XLSX (and .xls/.ods through LibreOffice) read into the same model as DOCX."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile

import pytest

import parsers
from parsers.convert import find_soffice
from parsers.model import NotAReport, Paragraph, ParseError, Table
from parsers.sniff import sniff
from parsers.xlsx_format import display
from tests.parsers.test_sniff import make_cfb


def _bordered(ws, cell_range):
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    for row in ws[cell_range]:
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def make_form(path):
    """A 自评表-like sheet: merged title, caption, bordered grid with merges, a hidden row,
    a hidden column, a second table after a blank row, and a hidden sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "项目支出绩效自评表（2022年度）"
    ws.merge_cells("A1:E1")
    ws["A2"] = "单位：万元"
    grid = [["项目名称", "乡村道路硬化", None, None, "备注"],
            ["项目资金", "年初预算数", "全年执行数", "执行率", "x"],
            [None, 1082, 1000.5, 0.96, "x"],
            ["作废行", 1, 2, 3, "x"],
            ["总分", 100, 96.5, 0.9595, "x"]]
    for r, row in enumerate(grid, start=3):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    _bordered(ws, "A3:E7")
    ws.merge_cells("B3:D3")
    ws.merge_cells("A4:A5")
    ws["B5"].number_format = "#,##0.00"
    ws["D5"].number_format = "0%"
    ws["D7"].number_format = "0.00%"
    ws["C7"].number_format = "0.0"
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["E"].hidden = True
    ws["A9"] = "填报人：张三"
    for r, row in enumerate([["指标", "指标值"], ["数量指标", "≥50个"]], start=11):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    _bordered(ws, "A11:B12")
    hidden = wb.create_sheet("草稿")
    hidden["A1"] = "草稿内容不应读出"
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    return make_form(tmp_path_factory.mktemp("xlsx") / "form.xlsx")


def tables(doc):
    return [b for b in doc.blocks if isinstance(b, Table)]


def grid_texts(table):
    return [[c.text if c else None for c in row] for row in table.filled()]


def test_sniffed_by_content_not_suffix(form, tmp_path):
    renamed = tmp_path / "report.dat"
    shutil.copyfile(form, renamed)
    assert sniff(str(form)) == sniff(str(renamed)) == "xlsx"
    assert parsers.parse(str(renamed)).format == "xlsx"


def test_titles_and_captions_outside_the_borders_are_paragraphs(form):
    doc = parsers.parse(str(form))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts == ["项目支出绩效自评表（2022年度）", "单位：万元", "填报人：张三"]
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table",
                                                      "Paragraph", "Table"]


def test_merged_cells_are_spans_like_docx(form):
    first = tables(parsers.parse(str(form)))[0]
    assert (first.n_rows, first.n_cols) == (4, 4)  # hidden row 6 and column E left out
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in first.cells}
    assert spans[(0, 1)] == (1, 3)
    assert spans[(1, 0)] == (2, 1)
    assert (0, 2) not in spans and (2, 0) not in spans  # covered slots are not cells
    grid = grid_texts(first)
    assert grid[0] == ["项目名称", "乡村道路硬化", "乡村道路硬化", "乡村道路硬化"]
    assert grid[2][0] == "项目资金"


def test_numbers_as_excel_shows_them(form):
    grid = grid_texts(tables(parsers.parse(str(form)))[0])
    assert grid[2][1:] == ["1,082.00", "1000.5", "96%"]
    assert grid[3] == ["总分", "100", "96.5", "95.95%"]


def test_hidden_rows_columns_and_sheets_are_not_read(form):
    lines = list(parsers.parse(str(form)).text_lines())
    assert not any("作废行" in ln or "草稿" in ln or ln == "备注" for ln in lines)


def test_blank_row_separates_tables(form):
    second = tables(parsers.parse(str(form)))[1]
    assert grid_texts(second) == [["指标", "指标值"], ["数量指标", "≥50个"]]
    assert second.index == 2


def test_unbordered_sheet_of_one_column_is_narrative(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A4"] = "一、部门基本情况", "本部门共有人员12人。", "二、绩效目标"
    ws["A6"], ws["B6"], ws["A7"], ws["B7"] = "指标", "值", "人数", 12
    wb.save(tmp_path / "n.xlsx")
    doc = parsers.parse(str(tmp_path / "n.xlsx"))
    assert [b.text for b in doc.blocks[:3]] == ["一、部门基本情况", "本部门共有人员12人。", "二、绩效目标"]
    assert grid_texts(doc.blocks[3]) == [["指标", "值"], ["人数", "12"]]


@pytest.mark.parametrize("value, code, shown", [
    (1082, "#,##0.00", "1,082.00"), (0.96, "0%", "96%"), (0.9595, "0.00%", "95.95%"),
    (95.9, "General", "95.9"), (0.1 + 0.2, "General", "0.3"), (50, '0"个"', "50个"),
    (-12.5, "#,##0.00;[Red]-#,##0.00", "-12.50"), (-12.5, "#,##0.00_);(#,##0.00)", "(12.50)"),
    (0, '0.00;-0.00;"-"', "-"), (1234567, "#,##0,", "1,235"), (5, "[$¥-804]#,##0.00", "¥5.00"),
    (7.5, "0.0#", "7.5"), (7.25, "0.0#", "7.25"), (12345.678, "0.00E+00", "1.23E+04"),
    (dt.datetime(2022, 5, 13), 'yyyy"年"m"月"d"日"', "2022年5月13日"),
    (44694, "yyyy-mm-dd", "2022-05-13"), (dt.datetime(2022, 5, 13, 9, 5), "h:mm", "9:05"),
    (True, "General", "TRUE"), ("≥50个", "@", "≥50个"),
])
def test_number_formats(value, code, shown):
    assert display(value, code) == shown


def test_number_formats_in_a_real_workbook(tmp_path):
    """The codes above, written by openpyxl and read back from the file."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    cases = [(1082, "#,##0.00", "1,082.00"), (0.96, "0%", "96%"), (2030.12, "0.00", "2030.12"),
             (dt.datetime(2022, 12, 31), "yyyy/m/d", "2022/12/31")]
    for r, (value, code, _) in enumerate(cases, start=1):
        ws.cell(r, 1, "x")
        ws.cell(r, 2, value).number_format = code
    wb.save(tmp_path / "f.xlsx")
    grid = grid_texts(tables(parsers.parse(str(tmp_path / "f.xlsx")))[0])
    assert [row[1] for row in grid] == [shown for _, _, shown in cases]


def test_broken_workbook_gives_one_line_reason(form, tmp_path):
    data = open(form, "rb").read()
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as err:
        parsers.parse(str(truncated))
    assert "电子表格" in str(err.value) and "\n" not in str(err.value)


def test_encrypted_workbook_says_password(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(make_cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": bytes(64)}))
    with pytest.raises(NotAReport) as err:
        parsers.parse(str(path))
    assert "密码" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")
def test_xls_and_ods_read_like_the_xlsx(form, tmp_path):
    profile = tempfile.mkdtemp(prefix="jixiao-test-lo-")
    try:
        for fmt in ("xls", "ods"):
            subprocess.run([find_soffice(), "--headless", f"-env:UserInstallation=file://{profile}",
                            "--convert-to", fmt, "--outdir", str(tmp_path), str(form)],
                           check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    want = [grid_texts(t) for t in tables(parsers.parse(str(form)))]
    for fmt in ("xls", "ods"):
        path = str(tmp_path / f"form.{fmt}")
        assert sniff(path) == fmt
        doc = parsers.parse(path)
        assert doc.format == fmt
        assert [grid_texts(t) for t in tables(doc)] == want


def test_tables_know_their_sheet_cells(form):
    """Findings name the cell a person opens: visible rows/columns map back to the sheet."""
    from normalizers.grid import TableView

    first, second = tables(parsers.parse(str(form)))
    assert first.sheet == "自评表"
    assert first.cell_ref(0, 0) == "A3" and first.cell_ref(2, 3) == "D5"
    assert first.cell_ref(3, 0) == "A7"  # row 6 is hidden
    assert second.cell_ref(1, 1) == "B12"
    assert "工作表“自评表”D5" in TableView(first, [], 0).location(2, 3)


def test_joined_parts_keep_their_sheet_rows(tmp_path):
    """A table split with its header repeated is joined; its rows keep their addresses."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate([["指标", "得分"], ["甲", 1], None, ["指标", "得分"], ["乙", 2]], start=1):
        for c, value in enumerate(row or [], start=1):
            ws.cell(r, c, value)
    _bordered(ws, "A1:B2")
    _bordered(ws, "A4:B5")
    wb.save(tmp_path / "split.xlsx")
    (table,) = tables(parsers.parse(str(tmp_path / "split.xlsx")))
    assert grid_texts(table) == [["指标", "得分"], ["甲", "1"], ["乙", "2"]]
    assert [table.cell_ref(r, 0) for r in range(3)] == ["A1", "A2", "A5"]


def test_loading_leaves_openpyxl_as_it_was(form):
    """The reader skips openpyxl's merge restyling only while it loads a workbook."""
    from openpyxl.worksheet.merge import MergedCellRange

    before = MergedCellRange.format
    parsers.parse(str(form))
    assert MergedCellRange.format is before
