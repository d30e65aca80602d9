"""parsers.pdf on real PDFs.

Two kinds of files: LibreOffice exports of DOCX fixtures committed in `fixtures/` (built by
`fixtures/make_pdf_fixtures.py`, which needs LibreOffice only when rebuilding them), and
PDFs drawn with reportlab in session fixtures (table borders as thin filled rectangles,
page numbers in several styles, a scan, an encrypted file).
"""
from __future__ import annotations

import glob
import os
import re
from collections import Counter

import pytest

from parsers.model import Document, Paragraph, ParseError, Table
from parsers.pdf import MSG_ENCRYPTED, MSG_SCAN, is_page_number, parse_pdf
from parsers.pdf_text import Line, continues, join_text, make_lines

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
ROOT = os.path.dirname(os.path.dirname(HERE))


def fixture(name: str) -> str:
    return os.path.join(FIXTURES, name)


def squash(text: str) -> str:
    return "".join(text.split())


def cell_texts(doc: Document) -> Counter:
    """Non-empty cell texts, whitespace removed, over all tables (nested ones included)."""
    return Counter(squash(c.text) for t in doc.all_tables() for c in t.cells if squash(c.text))


def find_cell(table: Table, text: str):
    hits = [c for c in table.cells if squash(c.text) == text]
    assert len(hits) == 1, (text, [squash(c.text) for c in table.cells][:40])
    return hits[0]


def all_text(doc: Document) -> str:
    return "\n".join(doc.text_lines())


# --------------------------------------------------------------------------------------
# LibreOffice exports of the DOCX fixtures


@pytest.fixture(scope="module")
def report():
    return parse_pdf(fixture("pdf_report.pdf"))


@pytest.fixture(scope="module")
def flat():
    return parse_pdf(fixture("pdf_flat.pdf"))


def test_document_level_facts(report):
    assert report.format == "pdf"
    assert report.n_pages == 4
    assert report.source.endswith("pdf_report.pdf")
    assert report.warnings == []
    assert len(report.tables) == 5
    assert [t.index for t in report.all_tables()] == [1, 2, 3, 4, 5, 6]


def test_provenance_everywhere(report):
    for block in report.blocks:
        assert block.page in (1, 2, 3, 4)
        assert block.bbox and len(block.bbox) == 4
    for t in report.all_tables():
        assert len(t.row_pages) == t.n_rows
        for c in t.cells:
            assert c.bbox and c.bbox[0] < c.bbox[2] and c.bbox[1] < c.bbox[3]
            for p in c.paragraphs:
                assert p.page and p.bbox


def test_reading_order_and_paragraphs(report):
    texts = [b.text if isinstance(b, Paragraph) else f"<table {b.n_rows}x{b.n_cols}>"
             for b in report.blocks]
    assert texts[:6] == [
        "部门整体支出绩效自评报告",
        "一、部门（单位）基本概况",
        texts[2],
        "（一）机构设置情况",
        "短段落。",
        "<table 4x4>",
    ]
    # The long body paragraph is one paragraph, its visual wraps joined without spaces.
    assert texts[2].startswith("今年申报认定高新技术企业34家")
    assert "计划工作方案》，成立了" in texts[2]
    assert "占GDP的比重为7.6%。" in texts[2]
    assert texts[2].endswith("发放1000余份资料。")
    assert texts[-3:] == [
        "五、改进措施",
        "1、加强绩效管理，完善绩效管理制度。",
        "2、严格执行财务预算管理制度，重视日常财务收支管理，建立健全各项财务制度，"
        "对一切开支严格按财务制度办理，极大地提高资金的使用效益。",
    ]
    assert all(b.page == 4 for b in report.blocks[-3:])


def test_no_running_header_or_page_number_leaks(report, flat):
    for doc in (report, flat):
        text = all_text(doc)
        assert "岳阳楼区科工局2021年度部门整体支出绩效自评报告" not in text
        for line in doc.text_lines():
            assert not re.fullmatch(r"[-—]\s*\d+\s*[-—]|第\s*\d+\s*页", line.strip()), line
        for p in doc.paragraphs:
            assert not re.fullmatch(r"[-—\s]*\d+[-—\s]*", p.text), p.text


def test_merged_header_cells_become_spans(report):
    income = report.tables[1]
    assert (income.n_rows, income.n_cols) == (4, 7)
    name = find_cell(income, "机构名称")
    assert (name.row, name.col, name.row_span, name.col_span) == (0, 0, 2, 1)
    total = find_cell(income, "收入合计")
    assert (total.row, total.col, total.row_span, total.col_span) == (0, 1, 2, 1)
    among = find_cell(income, "其中：")
    assert (among.row, among.col, among.row_span, among.col_span) == (0, 2, 1, 5)
    grid = income.filled()
    assert grid[0][6] is among and grid[1][0] is name
    assert len(income.cells) == 22  # each merged cell stored once


def test_wrapped_labels_and_numbers(report):
    income = report.tables[1]
    # '公共财 / 政拨款' wraps in a narrow column: one label, one paragraph.
    label = find_cell(income, "公共财政拨款")
    assert [p.text for p in label.paragraphs] == ["公共财政拨款"]
    assert find_cell(income, "纳入专户管理的非税收入拨款").row == 1
    rows = {r: [squash(c.text) for c in cells] for r, cells in enumerate(income.rows())}
    assert rows[2] == ["局机关", "792.52", "", "792.52", "", "", ""]
    # 1,094.30 is printed as '1,094.3' / '0' in its narrow cell: it must come back whole.
    assert rows[3] == ["下属单位", "1,082.00", "-12.30", "1,094.30", "0", "", "0.00"]


def test_explicit_line_break_keeps_paragraphs(report):
    basic = report.tables[0]
    label = find_cell(basic, "年度主要工作内容")
    assert [p.text for p in label.paragraphs] == ["年度主要", "工作内容"]
    duties = basic.filled()[2][1]
    assert (duties.col, duties.col_span) == (1, 3)
    assert [p.text[:8] for p in duties.paragraphs] == ["1、组织实施科技", "2、组织实施高新", "3.负责工业节能"]
    assert duties.paragraphs[1].text.endswith("协调解决有关重大问题。")
    assert squash(basic.filled()[0][3].text) == "13575000211"


def test_nested_table_kept_in_its_cell(report):
    outer = report.tables[2]
    host = outer.filled()[1][1]
    assert host.paragraphs == [] and len(host.tables) == 1
    inner = host.tables[0]
    assert inner.path == ((outer.index, 1, 1),)
    assert [[squash(c.text) for c in row] for row in inner.rows()] == [
        ["公务接待费", "公务用车运维费", "因公出国费"], ["2.5", "0", "0"]]
    # the nested text is not also in the outer table
    assert "公务接待费" not in squash(" ".join(c.text for c in outer.cells))


def test_table_continued_with_repeated_header(report):
    t = report.tables[3]
    assert (t.n_rows, t.n_cols) == (44, 5)
    assert t.parts == [(2, 1), (3, 1)]
    assert t.row_pages == [2] * 43 + [3]
    texts = cell_texts(report)
    assert texts["一级指标"] == 1 and texts["指标值"] == 1  # the repeated header is dropped
    assert [squash(t.filled()[r][2].text) for r in (1, 42, 43)] == [
        "指标1：完成第1项重点工作任务", "指标42：完成第42项重点工作任务", "指标43：完成第43项重点工作任务"]
    # the vertically merged first column runs over the page break
    group = find_cell(t, "满意度指标")
    assert (group.row, group.row_span) == (40, 4)
    assert find_cell(t, "效益指标").row_span == 30
    assert squash(t.filled()[43][4].text) == "430.50"


def test_row_split_by_page_break_is_one_row(report):
    t = report.tables[4]
    assert (t.n_rows, t.n_cols) == (3, 2)
    assert t.parts == [(3, 2), (4, 1)]
    assert t.row_pages == [3, 3, 4]
    body = t.filled()[1][1]
    paras = [p.text for p in body.paragraphs]
    assert len(paras) == 10
    assert [p[:3] for p in paras] == ["（%s）" % n for n in "一二三四五六七八九十"]
    assert len(set(p[3:] for p in paras)) == 1  # (九), cut by the page break, is whole again
    assert body.paragraphs[8].page == 3 and body.paragraphs[9].page == 4
    assert squash(t.filled()[1][0].text) == "年度部门（单位）总体运行情况及取得的成绩"
    assert squash(t.filled()[2][0].text) == "存在问题"


def test_flat_sheet_with_varying_columns(flat):
    assert flat.n_pages == 3
    (t,) = flat.tables
    assert t.parts == [(1, 1), (2, 1), (3, 1)]
    assert (t.n_rows, t.n_cols) == (22, 7)
    contact = [(c.col, c.col_span, squash(c.text)) for c in t.rows()[1]]
    assert contact == [(0, 1, "联系人"), (1, 2, "姚丽"), (3, 2, "联络电话"), (5, 2, "13575000211")]
    head = find_cell(t, "机构名称")
    assert (head.row_span, head.col_span) == (2, 1)
    assert [squash(c.text) for c in t.rows()[9]] == ["局机关", "792.52", "", "792.52", "", "", ""]
    # the quantitative block: a label merged over 8 rows that crosses a page break, and the
    # '指标2' row cut by that break comes back as one row
    block = find_cell(t, "整体支出绩效定量目标")
    assert (block.row, block.row_span) == (13, 7)
    ind2 = [c for c in t.cells if c.text.startswith("指标2：")]
    assert len(ind2) == 1 and ind2[0].text.endswith("同时扎实开展科技扶贫，")
    assert len(ind2[0].paragraphs) == 1
    assert t.row_pages[ind2[0].row] == 2
    assert squash(t.filled()[21][3].text) == "优"
    assert flat.paragraphs[-1].text == "填报人（签名）：姚丽 联系电话：13575000211"


def test_nested_tables_recovered_from_the_grid():
    doc = parse_pdf(fixture("pdf_nested.pdf"))
    first, second = doc.tables
    # a nested score table running over a page break with its host row: on page 3 its
    # borders touch the host's and the table finder sees one grid; it is taken out again
    assert (first.n_rows, first.n_cols) == (2, 2) and first.parts == [(2, 1), (3, 1)]
    host = first.filled()[1][1]
    (inner,) = host.tables
    assert (inner.n_rows, inner.n_cols) == (60, 3)
    assert inner.row_pages == [2] * 36 + [3] * 24
    assert [squash(c.text) for c in inner.rows()[0]] == ["三级指标", "分值", "自评得分"]
    assert [squash(c.text) for c in inner.rows()[36]] == ["指标36", "2", "1.8"]
    assert [squash(c.text) for c in inner.rows()[59]] == ["指标59", "5", "4.5"]
    assert squash(first.filled()[1][0].text) == "评分"
    # a nested table that is the first thing in its cell touches the host's borders on a
    # single page too: the blank sliver of its indent gives it away
    assert (second.n_rows, second.n_cols) == (2, 2)
    (money,) = second.filled()[1][1].tables
    assert money.path == ((second.index, 1, 1),)
    assert [[squash(c.text) for c in row] for row in money.rows()] == [
        ["机构名称", "收入合计", "公共财政拨款"], ["局机关", "792.52", "792.52"],
        ["下属单位", "1,082.00", "1,094.30"]]


@pytest.mark.parametrize("name", ["pdf_report", "pdf_flat", "pdf_nested"])
def test_same_cells_as_the_docx_twin(name):
    docx = pytest.importorskip("parsers.docx")
    from_docx = docx.parse_docx(fixture(name + ".docx"))
    from_pdf = parse_pdf(fixture(name + ".pdf"))
    assert cell_texts(from_pdf) == cell_texts(from_docx)
    body = lambda d: [squash(p.text) for p in d.paragraphs if squash(p.text)]
    assert body(from_pdf) == body(from_docx)


@pytest.mark.parametrize("name", ["pdf_report", "pdf_flat", "pdf_nested"])
def test_same_grids_as_the_docx_twin(name):
    docx = pytest.importorskip("parsers.docx")
    grid = lambda d: [sorted((c.row, c.col, c.row_span, c.col_span, squash(c.text)) for c in t.cells)
                      for t in d.all_tables()]
    assert grid(parse_pdf(fixture(name + ".pdf"))) == grid(docx.parse_docx(fixture(name + ".docx")))


# --------------------------------------------------------------------------------------
# Twins from the sample generator (when it has exported PDFs)


SAMPLE_PDFS = sorted(glob.glob(os.path.join(ROOT, "samples", "pdf", "*.pdf")))


def _twin(pdf_path):
    stem = os.path.splitext(os.path.basename(pdf_path))[0]
    path = os.path.join(ROOT, "samples", stem + ".docx")
    return path if os.path.exists(path) else None


def _pieces(whole: str, pool: Counter):
    """Pieces from `pool` that concatenate to `whole` (used up from the pool), or None."""
    if not whole:
        return []
    for piece in sorted(pool, key=len, reverse=True):
        if pool[piece] and whole.startswith(piece):
            pool[piece] -= 1
            rest = _pieces(whole[len(piece):], pool)
            if rest is not None:
                return [piece] + rest
            pool[piece] += 1
    return None


@pytest.mark.parametrize("pdf_path", [p for p in SAMPLE_PDFS if _twin(p)] or [None],
                         ids=lambda p: os.path.basename(p) if p else "none")
def test_sample_pdfs_match_docx_twins(pdf_path):
    """The PDF export of a sample reads like its DOCX twin: exactly the same characters
    (nothing lost, nothing duplicated, no page furniture), and the same cell texts except
    for a few cells that a page break cut into two rows at a paragraph end (known
    limitation: without a visual cut there is no telling such a row from a new one)."""
    if pdf_path is None:
        pytest.skip("samples/pdf/*.pdf with DOCX twins not generated yet")
    docx = pytest.importorskip("parsers.docx")
    from_docx, from_pdf = docx.parse_docx(_twin(pdf_path)), parse_pdf(pdf_path)
    chars = lambda d: Counter(ch for line in d.text_lines() for ch in line if not ch.isspace())
    assert chars(from_pdf) == chars(from_docx)
    a, b = cell_texts(from_docx), cell_texts(from_pdf)
    only_docx, only_pdf = a - b, b - a
    pool = Counter(only_pdf)
    unexplained = [t for t in only_docx.elements() if _pieces(t, pool) is None]
    assert not unexplained and not +pool, (
        f"only in DOCX: {dict(only_docx)}; only in PDF: {dict(only_pdf)}")
    assert sum(only_docx.values()) <= 3, f"cells cut in two rows: {dict(only_docx)}"


# --------------------------------------------------------------------------------------
# reportlab-drawn PDFs

reportlab = pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PW, PH = 595.27, 841.89
SIZE = 10.5


def text_at(c, x, top, text, size=SIZE, centre=False):
    """Draw text whose line box starts at `top` (pdfplumber's coordinates)."""
    c.setFont(FONT, size)
    y = PH - top - size * 0.88
    if centre:
        c.drawCentredString(x, y, text)
    else:
        c.drawString(x, y, text)


def draw_ruled_table(c, xs, ys, cells, size=SIZE):
    """Borders as 0.5pt filled rectangles (how Word draws them), text top-left in cells."""
    c.setFillGray(0)
    for r, col, rs, cs, lines in cells:
        x0, x1, top, bottom = xs[col], xs[col + cs], ys[r], ys[r + rs]
        c.rect(x0, PH - top - 0.25, x1 - x0, 0.5, stroke=0, fill=1)
        c.rect(x0, PH - bottom - 0.25, x1 - x0, 0.5, stroke=0, fill=1)
        c.rect(x0 - 0.25, PH - bottom, 0.5, bottom - top, stroke=0, fill=1)
        c.rect(x1 - 0.25, PH - bottom, 0.5, bottom - top, stroke=0, fill=1)
        for i, line in enumerate(lines):
            text_at(c, x0 + 4, top + 3 + i * (size + 3), line, size)


XS = [72, 152, 222, 262, 302, 400]  # '公共财' fills column 3 exactly: 3 chars + padding
ROW_H = 2 * SIZE + 8


def header_cells():
    return [
        (0, 0, 2, 1, ["机构名称"]), (0, 1, 2, 1, ["收入合计"]), (0, 2, 1, 3, ["其中："]),
        (1, 2, 1, 1, ["上年"]), (1, 3, 1, 1, ["公共财", "政拨款"]), (1, 4, 1, 1, ["其他"]),
    ]


def data_row(r, i):
    return [(r, 0, 1, 1, [f"单位{i}"]), (r, 1, 1, 1, [f"{i * 100 + 0.52:,.2f}"]),
            (r, 2, 1, 1, ["-12.30" if i % 7 == 0 else ""]), (r, 3, 1, 1, [f"{i}.5"]),
            (r, 4, 1, 1, ["0"])]


@pytest.fixture(scope="session")
def rect_table_pdf(tmp_path_factory):
    """Two pages: running header, '第 N 页 共 2 页' footer, a rect-bordered table with merged
    header cells continued on page 2 with its header rows repeated."""
    path = str(tmp_path_factory.mktemp("pdf") / "rect_table.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    n_first, n_second = 0, 0
    for page in (1, 2):
        text_at(c, PW / 2, 40, "某某区财政局绩效自评报告", 9, centre=True)
        top = 80
        if page == 1:
            text_at(c, 72, top, "一、部门收支情况")
            top += 24
        ys = [top + k * ROW_H for k in range(3)]
        cells = header_cells()
        r = 2
        rows_here = 21 if page == 1 else 6
        for k in range(rows_here):
            i = (n_first if page == 2 else 0) + k + 1
            cells += data_row(r, i)
            ys.append(ys[-1] + ROW_H)
            r += 1
        if page == 1:
            n_first = rows_here
        else:
            n_second = rows_here
        draw_ruled_table(c, XS, ys, cells)
        if page == 2:
            text_at(c, 72, ys[-1] + 20, "二、其他情况说明。")
        text_at(c, PW / 2, 805, f"第 {page} 页 共 2 页", 9, centre=True)
        c.showPage()
    c.save()
    return path, n_first + n_second


def test_rect_borders_spans_and_continuation(rect_table_pdf):
    path, n_data = rect_table_pdf
    doc = parse_pdf(path)
    assert doc.n_pages == 2
    assert [b.text for b in doc.paragraphs] == ["一、部门收支情况", "二、其他情况说明。"]
    (t,) = doc.tables
    assert (t.n_rows, t.n_cols) == (2 + n_data, 5)
    assert t.parts == [(1, 1), (2, 1)]
    assert t.row_pages == [1] * 23 + [2] * 6
    name = find_cell(t, "机构名称")
    assert (name.row_span, name.col_span) == (2, 1)
    assert find_cell(t, "其中：").col_span == 3
    assert [p.text for p in find_cell(t, "公共财政拨款").paragraphs] == ["公共财政拨款"]
    texts = cell_texts(doc)
    assert texts["机构名称"] == 1 and texts["公共财政拨款"] == 1
    firsts = [squash(t.filled()[r][0].text) for r in range(2, t.n_rows)]
    assert firsts == [f"单位{i}" for i in range(1, n_data + 1)]
    assert squash(t.filled()[2 + 9][1].text) == "1,000.52"
    assert squash(t.filled()[2 + 6][2].text) == "-12.30"
    text = all_text(doc)
    assert "财政局绩效自评报告" not in text and "页" not in text


@pytest.fixture(scope="session")
def numbered_pages_pdf(tmp_path_factory):
    """Three pages of body text with '— 1 —', '- 2 -' and a bare '3' as page numbers, a
    repeated '内部资料' header, and a paragraph that runs over the first page break."""
    path = str(tmp_path_factory.mktemp("pdf") / "numbered.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    full = "全年共完成重点工作任务十二项，各项指标均达到年初预期目标要求，群众满意度普遍较高，"[:40]
    assert len(full) == 40
    for page, number in ((1, "— 1 —"), (2, "- 2 -"), (3, "3")):
        text_at(c, PW / 2, 40, "内部资料", 9, centre=True)
        top = 80
        if page == 1:
            text_at(c, 72, top, "一、总体情况")
            top += 20
            text_at(c, 72 + 2 * SIZE, top, full[:38])
            top += 16
            while top < 740:
                text_at(c, 72, top, full)
                top += 16
        elif page == 2:
            text_at(c, 72, top, "续写的最后一行。")
            top += 24
            text_at(c, 72, top, "二、存在问题")
            top += 20
            text_at(c, 72, top, "GDP 7.6% 比上年增长 1.5 个百分点")
        else:
            text_at(c, 72, top, "三、改进措施")
            text_at(c, 72, 760, "（本页以下无正文）")
        text_at(c, PW / 2, 805, number, 9, centre=True)
        c.showPage()
    c.save()
    return path


def test_page_numbers_and_running_header_dropped(numbered_pages_pdf):
    doc = parse_pdf(numbered_pages_pdf)
    texts = [p.text for p in doc.paragraphs]
    assert "内部资料" not in texts
    assert not any(is_page_number(t) for t in texts)
    assert texts[0] == "一、总体情况"
    # the paragraph that ran over the page break is one paragraph, ending on page 2
    assert texts[1].startswith("全年共完成") and texts[1].endswith("续写的最后一行。")
    assert doc.paragraphs[1].page == 1
    assert texts[2:] == ["二、存在问题", "GDP 7.6%比上年增长1.5个百分点", "三、改进措施", "（本页以下无正文）"]


@pytest.fixture(scope="session")
def scan_pdf(tmp_path_factory):
    from PIL import Image, ImageDraw

    tmp = tmp_path_factory.mktemp("pdf")
    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for k in range(20):
        draw.rectangle([50, 60 + 30 * k, 550, 70 + 30 * k], fill=0)
    png = str(tmp / "page.png")
    img.save(png)
    path = str(tmp / "scan.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    for _ in range(2):
        c.drawImage(png, 0, 0, PW, PH)
        c.showPage()
    c.save()
    return path


def test_scanned_pdf_raises(scan_pdf):
    with pytest.raises(ParseError) as info:
        parse_pdf(scan_pdf)
    assert str(info.value) == MSG_SCAN
    assert "没有文字层" in str(info.value) and "OCR" in str(info.value)


def test_scanned_page_in_a_text_pdf_is_a_warning(tmp_path, scan_pdf):
    png = os.path.join(os.path.dirname(scan_pdf), "page.png")
    path = str(tmp_path / "mixed.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    text_at(c, 72, 80, "一、部门（单位）基本概况")
    c.showPage()
    c.drawImage(png, 0, 0, PW, PH)
    c.showPage()
    c.save()
    doc = parse_pdf(path, ocr=False)
    assert [p.text for p in doc.paragraphs] == ["一、部门（单位）基本概况"]
    assert doc.warnings == ["第 2 页没有文字层（可能是扫描页），OCR 识别已关闭（--no-ocr），其内容未能提取"]
    assert doc.ocr is None and doc.ocr_pages == []
    # OCR on: the page is read, and a page of stripes holds no text
    doc = parse_pdf(path, ocr=True)
    assert [p.text for p in doc.paragraphs] == ["一、部门（单位）基本概况"]
    assert doc.warnings == ["第 2 页没有文字层（可能是扫描页），OCR 也未识别出文字，其内容未能提取"]
    assert doc.ocr is None and doc.ocr_pages == [] and doc.unread_pages == {2: "OCR 也未识别出文字"}


def test_framed_box_is_a_table_and_a_page_border_is_not(tmp_path):
    path = str(tmp_path / "boxes.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    c.rect(20, 20, PW - 40, PH - 40, stroke=1, fill=0)  # a page border around everything
    text_at(c, 72, 80, "五、评价报告综述（文字部分）")
    draw_ruled_table(c, [72, 520], [100, 160], [(0, 0, 1, 1, ["一、部门（单位）概况", "（一）机构人员情况"])])
    text_at(c, 72, 180, "附件")
    c.showPage()
    c.save()
    doc = parse_pdf(path)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    (box,) = doc.tables
    assert (box.n_rows, box.n_cols) == (1, 1)
    assert [p.text for p in box.cells[0].paragraphs] == ["一、部门（单位）概况", "（一）机构人员情况"]


@pytest.fixture(scope="session")
def encrypted_pdf(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("pdf") / "encrypted.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH), encrypt="secret")
    text_at(c, 72, 80, "部门整体支出绩效自评报告")
    c.showPage()
    c.save()
    return path


def test_encrypted_pdf_raises(encrypted_pdf):
    with pytest.raises(ParseError) as info:
        parse_pdf(encrypted_pdf)
    assert str(info.value) == MSG_ENCRYPTED == "PDF 已加密，请提供未加密的版本"


def test_broken_pdf_raises(tmp_path):
    with open(fixture("pdf_report.pdf"), "rb") as fh:
        head = fh.read(3000)
    path = tmp_path / "broken.pdf"
    path.write_bytes(head)
    with pytest.raises(ParseError):
        parse_pdf(str(path))


# --------------------------------------------------------------------------------------
# Text assembly on synthetic characters


def ch(text, x0, top, size=10.0, width=None):
    w = size if width is None else width
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + size, "size": size}


def run(text, x0, top, size=10.0, latin_w=5.0, gap=0.0):
    out, x = [], x0
    for t in text:
        w = latin_w if ord(t) < 0x2000 else size
        out.append(ch(t, x, top, size, w))
        x += w + gap
    return out


def test_make_lines_cjk_no_spaces_latin_spaced():
    chars = run("增加值占", 10, 100) + run("GDP", 52, 100) + run("的比重", 70, 100)
    chars += run("7.6%", 100, 100) + run("and", 125, 100)  # 5pt gap between '%' and 'and'
    (line,) = make_lines(chars)
    assert line.text == "增加值占GDP的比重7.6% and"


def test_make_lines_drops_fake_bold_and_orders_lines():
    chars = run("第二行", 10, 130) + run("公共财政", 10, 100) + run("公共财政", 10.4, 100.2)
    chars.append(ch(" ", 60, 100))
    lines = make_lines(chars)
    assert [ln.text for ln in lines] == ["公共财政", "第二行"]


def test_make_lines_wide_gap_keeps_one_space():
    chars = run("填报人：姚丽", 10, 100) + run("联系电话", 200, 100)
    assert [ln.text for ln in make_lines(chars)] == ["填报人：姚丽 联系电话"]


def line(text, x0, x1, top, size=10.0, first_w=10.0, page=1):
    return Line(x0, x1, top, top + size, text, size, first_w, page)


def test_continues_rules():
    a = line("今年申报认定高新技术企业", 0, 118, 0)
    assert continues(a, line("家，目前", 0, 40, 14), 0, 120, 10)           # wrap
    assert not continues(a, line("（二）今年", 0, 50, 14), 0, 120, 10)     # outline number
    assert not continues(a, line("2.今年", 0, 50, 14), 0, 120, 10)
    assert continues(a, line("2.5万元", 0, 50, 14), 0, 120, 10)            # a decimal, not an outline
    assert not continues(line("短行。", 0, 30, 0), line("下一段", 0, 30, 14), 0, 120, 10)
    assert not continues(a, line("家", 0, 10, 40), 0, 120, 10)             # wide vertical gap
    assert continues(a, line("家", 0, 10, 900, page=2), 0, 120, 10)        # next page: no gap test
    num = line("1,094.3", 0, 36, 0, first_w=5)
    assert continues(num, line("0", 20, 25, 14, first_w=5), 0, 40, 10)
    assert join_text("1,094.3", "0") == "1,094.30"
    assert join_text("annual", "report") == "annual report"
    assert join_text("公共财", "政拨款") == "公共财政拨款"


@pytest.mark.parametrize("text", ["— 1 —", "- 2 -", "3", "第 1 页 共 3 页", "第2页", "1/3", "Page 2 of 5"])
def test_page_number_patterns(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["一、总体情况", "2021年", "96%", "792.52"])
def test_not_page_numbers(text):
    assert not is_page_number(text)
