"""PDF reader: tab leaders, and what a page break does to tables (drawn with reportlab).

Each case is one rule the LibreOffice twins of the variant samples needed: a 目录 line's dot
leader is a tab; a table printed a blank line below the top margin is a new table; a
one-column framed text cut after a heading (and a blank line) is one cell; a vertically
merged label cut with less room left than one more line is one cell.
"""
from __future__ import annotations

import pytest

from parsers.pdf import parse_pdf
from parsers.pdf_breaks import _cut
from parsers.pdf_grid import RawCell
from parsers.pdf_text import Line, continues, make_lines

reportlab = pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PW, PH = 595.27, 841.89
TOP, BOTTOM = 72.0, 770.0   # the text area
SIZE = 10.5
PITCH = 14.0


def squash(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------------------
# Tab leaders


def chars_of(text, x0, top, size=10.0, widths=None):
    out, x = [], x0
    for t in text:
        w = (widths or {}).get(t, size if ord(t) >= 0x2000 else size / 2)
        out.append({"text": t, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size})
        x += w
    return out


def test_dot_leader_is_a_tab():
    narrow = {".": 3.3}
    toc = chars_of("一、部门概况" + "." * 40 + "1", 70, 100, widths=narrow)
    typed = chars_of("等等……其他", 70, 130)               # an ellipsis: two glyphs, kept
    tail = chars_of("以下空白" + "." * 12, 70, 160, widths=narrow)  # nothing after: kept
    lines = make_lines(toc + typed + tail)
    assert [ln.text for ln in lines] == ["一、部门概况\t1", "等等……其他", "以下空白" + "." * 12]


def test_line_after_a_leader_ends_its_paragraph():
    a = Line(70, 520, 100, 110.5, "四、整体支出绩效情况\t4", 10.5, 10.5, 1)
    b = Line(70, 250, 114, 124.5, "1、抓收入组织，夯实财政保障能力。\t4", 10.5, 10.5, 1)
    # '4' then '1、' would otherwise read as one number wrapped over two lines
    assert not continues(a, b, 70, 522, 20)


# --------------------------------------------------------------------------------------
# Drawing ruled tables


def text_at(c, x, top, text, size=SIZE):
    c.setFont(FONT, size)
    c.drawString(x, PH - top - size * 0.88, text)


def rule(c, x0, top, x1, bottom):
    c.rect(x0, PH - top - 0.25, x1 - x0, 0.5, stroke=0, fill=1)
    c.rect(x0, PH - bottom - 0.25, x1 - x0, 0.5, stroke=0, fill=1)
    c.rect(x0 - 0.25, PH - bottom, 0.5, bottom - top, stroke=0, fill=1)
    c.rect(x1 - 0.25, PH - bottom, 0.5, bottom - top, stroke=0, fill=1)


def cell(c, x0, top, x1, bottom, lines, pitch=PITCH, size=SIZE):
    rule(c, x0, top, x1, bottom)
    for i, ln in enumerate(lines):
        if ln:
            text_at(c, x0 + 5.5, top + i * pitch, ln, size)


XS = [72, 200, 330, 460]


def grid_rows(c, top, rows, row_h=20.0):
    for r, texts in enumerate(rows):
        y = top + r * row_h
        for k, t in enumerate(texts):
            cell(c, XS[k], y, XS[k + 1], y + row_h, [t])
    return top + len(rows) * row_h


def two_page_tables(path, gap_above_second):
    """Page 1: a heading, then a 3-column table down to the bottom of the text area; page 2:
    a table with the same columns and the same header row, `gap_above_second` below the
    top margin."""
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    text_at(c, 72, TOP, "评分表")
    head = ["指标", "分值", "得分"]
    n1 = int((BOTTOM - 2 - (TOP + 20)) // 20)
    grid_rows(c, TOP + 20, [head] + [[f"指标{i}", "5", "4"] for i in range(1, n1)])
    c.showPage()
    grid_rows(c, TOP + gap_above_second, [head] + [[f"项目{i}", "3", "3"] for i in range(1, 6)])
    text_at(c, 72, 400, "（完）")
    c.showPage()
    c.save()
    return n1


def test_table_at_the_top_margin_continues(tmp_path):
    path = str(tmp_path / "continued.pdf")
    n1 = two_page_tables(path, 0.0)
    (t,) = parse_pdf(path).tables
    assert t.n_rows == n1 + 5  # the repeated header row dropped


def test_table_a_blank_line_below_the_top_margin_is_a_new_table(tmp_path):
    path = str(tmp_path / "two_tables.pdf")
    n1 = two_page_tables(path, PITCH)
    first, second = parse_pdf(path).tables
    assert (first.n_rows, second.n_rows) == (n1, 6)
    assert [squash(c.text) for c in second.rows()[0]] == ["指标", "分值", "得分"]


# --------------------------------------------------------------------------------------
# Cells cut by a page break


def test_framed_text_cut_after_a_heading_and_a_blank_line_is_one_cell(tmp_path):
    """A one-column table (the 综述 frame): on page 1 only its heading and a blank line fit
    at the bottom; the rest of the text follows at the top of page 2."""
    path = str(tmp_path / "framed.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    y = TOP
    while y < BOTTOM - 60:
        text_at(c, 72, y, "正文段落，" * 8)
        y += PITCH
    top = BOTTOM - 2 * PITCH - 6
    cell(c, 66, top, 520, BOTTOM - 6, ["五、评价报告综述（文字部分）", ""])
    c.showPage()
    body = ["一、部门（单位）概况", "（一）机构人员情况", "截至年底，我局职工人数21人。", "二、整体支出情况"]
    cell(c, 66, TOP, 520, TOP + len(body) * PITCH + 4, body)
    c.showPage()
    c.save()
    (t,) = parse_pdf(path).tables
    assert (t.n_rows, t.n_cols) == (1, 1)
    (only,) = t.cells
    assert squash(only.text).startswith("五、评价报告综述（文字部分）一、部门（单位）概况")


def test_merged_label_cut_with_less_than_a_line_left_is_one_cell(tmp_path):
    """A label merged over two rows on page 1 ('效果' / '（20'), the rest ('分）') on page 2:
    the rows it spans are set by other cells, so its text stops short of the bottom by
    less than one more line."""
    path = str(tmp_path / "merged.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    xs = [72, 117, 250, 330]
    size, pitch, row_h = 9.0, 10.5, 13.5  # 8pt left below （20: less than a line
    rows = int((BOTTOM - 2 * row_h - 2 - TOP) // row_h)
    for r in range(rows):
        y = TOP + r * row_h
        cell(c, xs[0], y, xs[1], y + row_h, [f"项{r}"], pitch, size)
        cell(c, xs[1], y, xs[2], y + row_h, [f"指标{r}"], pitch, size)
        cell(c, xs[2], y, xs[3], y + row_h, ["5"], pitch, size)
    y = TOP + rows * row_h
    # '效果（20' fills its 45pt column: '分）' does not fit after it
    cell(c, xs[0], y, xs[1], y + 2 * row_h, ["效果", "（20"], pitch, size)
    for k, name in enumerate(("经济效益", "社会效益")):
        cell(c, xs[1], y + k * row_h, xs[2], y + (k + 1) * row_h, [name], pitch, size)
        cell(c, xs[2], y + k * row_h, xs[3], y + (k + 1) * row_h, ["5"], pitch, size)
    c.showPage()
    cell(c, xs[0], TOP, xs[1], TOP + 2 * row_h, ["分）"], pitch, size)
    for k, (name, score) in enumerate((("生态效益", "4"), ("满意度", "3"))):
        cell(c, xs[1], TOP + k * row_h, xs[2], TOP + (k + 1) * row_h, [name], pitch, size)
        cell(c, xs[2], TOP + k * row_h, xs[3], TOP + (k + 1) * row_h, [score], pitch, size)
    c.showPage()
    c.save()
    (t,) = parse_pdf(path).tables
    texts = [squash(x.text) for x in t.cells]
    assert "效果（20分）" in texts and "分）" not in texts
    label = next(x for x in t.cells if squash(x.text) == "效果（20分）")
    assert label.row_span == 4


# --------------------------------------------------------------------------------------
# Centred text is not cut


def cell_with(bbox, page, *lines):
    cell = RawCell(bbox, page)
    cell.lines = [Line(x0, x1, top, top + size, text, size, size, page)
                  for x0, x1, top, size, text in lines]
    return cell


def test_centred_header_is_not_cut_by_the_page_break():
    # a header cell centred in a row a two-line neighbour makes tall, its line height
    # estimated a little too tall (as OCR does): less than half a line plus a margin free
    # below it, but as much above; below the break a merged label starts the next page
    below = cell_with((110.9, 60.0, 161.8, 120.0), 7, (118.0, 154.0, 80.0, 9.0, "资产管理（10分）"))
    below.row_span = 2
    header = cell_with((110.9, 747.0, 161.8, 768.4), 6, (118.1, 154.1, 752.4, 10.0, "二级指标"))
    assert not _cut(header, below)
    # the same last line in a cell whose text starts at its top and runs down: cut
    words = ["资产管理制度合法", "合规完整相关资产", "管理制度得到有效", "执行资产保存完整", "资产配置"]
    text = cell_with((110.9, 694.0, 161.8, 768.4), 6,
                     *[(112.0, 160.0, 696.4 + 14.0 * k, 10.0, w) for k, w in enumerate(words)])
    assert text.lines[-1].bottom == header.lines[-1].bottom
    assert _cut(text, cell_with((110.9, 60.0, 161.8, 120.0), 7, (112.0, 150.0, 62.0, 10.0, "合理")))
