"""parsers.pdf_scan: scanned pages inside a text PDF read by OCR into the same model.

The fixture is a real sample PDF with two pages replaced by 200 dpi scans of themselves
(`samples.scan_pages`, see `tests/conftest.py`): page 2 sits in the middle of a table that
runs over pages 1-4, page 6 in the score sheet that runs over pages 5-7. Read by OCR, the
document has the same tables, rows and figures as the text PDF.
"""
from __future__ import annotations

import copy

import pypdfium2 as pdfium
import pytest

import parsers
from parsers.model import Table
from parsers.pdf import parse_pdf
from parsers.pdf_read import read_pages
from parsers.pdf_scan import MSG_PAGES_OCR, scanned_pages

from ..conftest import MIXED_PAGES, MIXED_SOURCE

FIGURES = {"792.52", "795.52", "618.79", "173.73", "2.5", "202.46"}  # printed on page 2


def page_texts(path: str) -> list:
    doc = pdfium.PdfDocument(path)
    try:
        return [doc[i].get_textpage().get_text_range().strip() for i in range(len(doc))]
    finally:
        doc.close()


def shape(doc) -> list:
    return [(t.n_rows, t.n_cols, [tuple(p) for p in t.parts]) for t in doc.tables]


def cell_texts(table: Table) -> list:
    return ["".join(c.text.split()) for c in sorted(table.cells, key=lambda c: (c.row, c.col))]


def test_fixture_pages_are_image_only(mixed_scan_pdf):
    texts = page_texts(mixed_scan_pdf)
    assert len(texts) == len(page_texts(MIXED_SOURCE)) == 7
    assert [i + 1 for i, t in enumerate(texts) if not t] == list(MIXED_PAGES)
    assert [t for i, t in enumerate(texts) if i + 1 not in MIXED_PAGES] == \
        [t for i, t in enumerate(page_texts(MIXED_SOURCE)) if i + 1 not in MIXED_PAGES]


def test_ocr_off_keeps_the_warning_and_the_text_pages(mixed_scan_pdf, monkeypatch):
    monkeypatch.setenv("JIXIAO_OCR", "off")
    doc = parsers.parse(mixed_scan_pdf)
    assert doc.warnings == ["第 2、6 页没有文字层（可能是扫描页），OCR 识别已关闭（--no-ocr），其内容未能提取"]
    assert doc.ocr is None and doc.ocr_pages == []
    assert doc.unread_pages == {2: "OCR 识别已关闭（--no-ocr）", 6: "OCR 识别已关闭（--no-ocr）"}
    cells = {c.text for t in doc.all_tables() for c in t.cells}
    assert "一、部门（单位）基本概况" in cells and not FIGURES & cells
    assert all(c.confidence is None for t in doc.all_tables() for c in t.cells)


def test_no_ocr_engine_says_why(mixed_scan_pdf, monkeypatch):
    monkeypatch.setenv("JIXIAO_OCR_ENGINE", "tesseract")
    monkeypatch.setenv("PATH", "/nonexistent")
    doc = parse_pdf(mixed_scan_pdf, ocr=True)
    (warning,) = doc.warnings
    assert warning.startswith("第 2、6 页没有文字层") and "本机未安装 OCR 组件" in warning
    assert doc.ocr is None and doc.tables and sorted(doc.unread_pages) == [2, 6]


@pytest.mark.slow
def test_scanned_pages_are_read_into_the_same_tables(mixed_scan_doc):
    doc = copy.deepcopy(mixed_scan_doc)
    text = parsers.parse(MIXED_SOURCE)
    assert doc.ocr == "rapid" and doc.ocr_pages == list(MIXED_PAGES)
    assert doc.warnings == [MSG_PAGES_OCR.format(pages="2、6")] and doc.unread_pages == {}
    # the table running over pages 1-4 and the score sheet over 5-7 (a Word table split
    # in two, its header repeated on page 6) are joined as in the text PDF
    assert shape(doc) == shape(text)
    big, ocr_big = text.tables[0], doc.tables[0]
    assert ocr_big.row_pages == big.row_pages
    rows_2 = [r for r, p in enumerate(big.row_pages) if p == 2]
    got = {c.text for c in ocr_big.cells if c.row in rows_2}
    assert FIGURES <= got
    # the score sheet's figures, scanned page and all
    score, ocr_score = text.tables[-1], doc.tables[-1]
    nums = lambda t: [c.text for c in sorted(t.cells, key=lambda c: (c.row, c.col))  # noqa: E731
                      if c.col >= 4 and c.text.replace(".", "").isdigit()]
    assert nums(ocr_score) == nums(score)
    # the text pages' cells come from the text layer, unchanged and without confidence
    for t, o in zip(text.tables, doc.tables):
        for cell, ocr_cell in zip(sorted(t.cells, key=lambda c: (c.row, c.col)),
                                  sorted(o.cells, key=lambda c: (c.row, c.col))):
            # the pages its text is printed on (a cell the page break cuts is on two)
            pages = {p.page for p in cell.paragraphs}
            if not pages & set(MIXED_PAGES):
                assert ocr_cell.text == cell.text and ocr_cell.confidence is None
            elif pages <= set(MIXED_PAGES) and cell.text.strip():
                assert 0.0 < ocr_cell.confidence <= 1.0
    # body paragraphs of text pages have no confidence
    assert all(p.confidence is None for p in doc.paragraphs if p.page not in MIXED_PAGES)


# --------------------------------------------------------------------------------------
# A scan put into a Word document keeps Word's running header and page number as text

HEADER = "科技工业信息化局2021年度部门整体支出绩效自评报告"


@pytest.fixture(scope="module")
def page_png(tmp_path_factory):
    """Page 2 of the sample (its money tables) as a 200 dpi grey image."""
    from parsers.image import render_pdf_pages
    from PIL import Image
    path = str(tmp_path_factory.mktemp("scan") / "page2.png")
    (gray,) = render_pdf_pages(MIXED_SOURCE, 200, [2])
    Image.fromarray(gray).save(path)
    return path


def word_with_scan(path: str, png: str, middle_text: str = "") -> str:
    """Pages 1 and 3 text; page 2 the scan with a header and a page number printed over it
    (and `middle_text` in the body, as a scan with a text layer of its own has)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = 595.27, 841.89
    c = canvas.Canvas(path, pagesize=(width, height))
    for page in (1, 2, 3):
        c.setFont("STSong-Light", 9)
        c.drawCentredString(width / 2, height - 40, HEADER)
        c.drawCentredString(width / 2, 30, f"- {page} -")
        if page != 2:
            c.setFont("STSong-Light", 12)
            c.drawString(72, height - 120, "一、部门（单位）基本概况" if page == 1 else "附件")
        else:
            c.drawImage(png, 0, 0, width, height)
            c.setFont("STSong-Light", 9)
            c.drawCentredString(width / 2, height - 40, HEADER)  # Word's header, over it
            c.drawCentredString(width / 2, 30, "- 2 -")
            if middle_text:
                c.drawString(72, height / 2, middle_text)
        c.showPage()
    c.save()
    return path


def test_scan_with_header_text_is_a_scanned_page(page_png, tmp_path):
    path = word_with_scan(str(tmp_path / "word.pdf"), page_png)
    pages = read_pages(path)
    assert pages[1].n_chars > 5 and [p.number for p in scanned_pages(pages)] == [2]
    doc = parse_pdf(path, ocr=False)
    assert doc.warnings == ["第 2 页没有文字层（可能是扫描页），OCR 识别已关闭（--no-ocr），其内容未能提取"]
    # with a text layer over the image (a scan read by OCR already) it is a text page
    path = word_with_scan(str(tmp_path / "layer.pdf"), page_png, "局机关 792.52 万元")
    assert not scanned_pages(read_pages(path))
    doc = parse_pdf(path, ocr=False)
    assert doc.warnings == [] and "局机关792.52万元" in "".join(doc.text_lines()).replace(" ", "")


@pytest.mark.slow
def test_scan_with_header_text_is_read_by_ocr(page_png, tmp_path):
    doc = parse_pdf(word_with_scan(str(tmp_path / "word.pdf"), page_png), ocr=True)
    assert doc.ocr_pages == [2] and doc.warnings == [MSG_PAGES_OCR.format(pages="2")]
    cells = {c.text for t in doc.all_tables() for c in t.cells}
    assert FIGURES <= cells
    # the running header and the page numbers are dropped, read by OCR or not (the 9 pt
    # header over the scan may be read with a character wrong: 部内 for 部门)
    assert not [p for p in doc.paragraphs if p.text.replace(" ", "").startswith("-")]
    assert not [p for p in doc.paragraphs if "绩效自评报告" in p.text]


def pages_with_header(headers: list) -> list:
    """Pages with a running header each (as given), a body line and a page number."""
    from parsers.pdf_read import PageContent
    from parsers.pdf_text import Line
    out = []
    for number, header in enumerate(headers, 1):
        page = PageContent(number, 595.0, 842.0)
        page.lines = [Line(190, 404, 31, 40, header, 9, 9, number),
                      Line(72, 500, 300, 312, f"第{number}页正文的一行文字", 12, 12, number),
                      Line(290, 305, 803, 812, f"- {number} -", 9, 9, number)]
        out.append(page)
    return out


def test_running_header_misread_on_a_scanned_page_is_dropped():
    from parsers.pdf import strip_running_lines
    misread = HEADER.replace("部门", "部内")
    pages = pages_with_header([HEADER, misread, HEADER])
    strip_running_lines(pages, {2})
    assert [[ln.text for ln in p.lines] for p in pages] == [[f"第{n}页正文的一行文字"] for n in (1, 2, 3)]
    # on a text page a line that differs is printed so: kept
    pages = pages_with_header([HEADER, misread, HEADER])
    strip_running_lines(pages)
    assert [ln.text for ln in pages[1].lines] == [misread, "第2页正文的一行文字"]
    # another text (two words changed) is no misread, scanned page or not
    other = HEADER.replace("部门", "单位")
    pages = pages_with_header([HEADER, other, HEADER])
    strip_running_lines(pages, {2})
    assert [ln.text for ln in pages[1].lines] == [other, "第2页正文的一行文字"]


def header_cells(texts: list, page: int, rows: int = 2) -> list:
    """A part of a table: a header row of `texts`, then a data row."""
    from parsers.pdf_grid import RawCell
    from parsers.pdf_text import Line
    out = []
    for r in range(rows):
        for c, text in enumerate(texts if r == 0 else [f"第{page}页{c}" for c in range(len(texts))]):
            cell = RawCell((60.0 * c, 20.0 * r, 60.0 * (c + 1), 20.0 * (r + 1)), page)
            cell.row, cell.col = r, c
            cell.lines = [Line(60.0 * c + 2, 60.0 * c + 50, 20.0 * r + 4, 20.0 * r + 14, text, 10, 10, page)]
            out.append(cell)
    return out


def test_repeated_header_misread_on_a_scanned_page_is_dropped():
    from parsers.pdf_tables import repeated_header_rows
    header = ["一级指标", "二级指标", "三级指标", "分值"]
    first = header_cells(header, 5)
    misread = header_cells(["级指标"] + header[1:], 6)
    assert repeated_header_rows(first, misread, misread_ok=True) == 1
    assert repeated_header_rows(first, misread) == 0  # text pages print what they print
    other = header_cells(["年度", "2022年", "三级指标", "分值"], 6)
    assert repeated_header_rows(header_cells(["年度", "2021年", "三级指标", "分值"], 5), other,
                                misread_ok=True) == 0
