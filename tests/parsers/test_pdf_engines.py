"""The fast PDF reader (pdfium) against the reference reader (pdfplumber).

Both engines feed the same geometry code; the document models they give must be equal
block for block, cell for cell, on the LibreOffice exports of the fixtures (fast) and on
every sample PDF (slow). Also: a number that wraps inside a narrow cell is one number.
"""
from __future__ import annotations

import glob
import os

import pytest

from parsers.model import Table
from parsers.pdf import parse_pdf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE_PDFS = sorted(glob.glob(os.path.join(HERE, "fixtures", "*.pdf")))
SAMPLE_PDFS = sorted(glob.glob(os.path.join(ROOT, "samples", "pdf", "*.pdf")))


def model(doc) -> list:
    """Every block: text, grid, pages (not the geometry: pdfminer sets a character's box
    on the font's descent, pdfium on the baseline, so boxes differ by a constant)."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Table):
            for t in b.walk_tables():
                out.append(("table", t.index, t.path, t.n_rows, t.n_cols, t.page, t.row_pages,
                            t.parts, [(c.row, c.col, c.row_span, c.col_span, c.text)
                                      for c in t.cells]))
        else:
            out.append(("para", b.text, b.page))
    return out


def assert_same(path: str) -> None:
    fast, ref = parse_pdf(path), parse_pdf(path, engine="plumber")
    assert fast.n_pages == ref.n_pages and fast.warnings == ref.warnings
    a, b = model(fast), model(ref)
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x == y


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=os.path.basename)
def test_engines_agree_on_fixtures(path):
    assert_same(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=os.path.basename)
def test_engines_agree_on_samples(path):
    assert_same(path)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError):
        parse_pdf(FIXTURE_PDFS[0], engine="nope")


# --------------------------------------------------------------------------------------
# A number wrapped inside a narrow column

reportlab = pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PW, PH = 595.27, 841.89
SIZE = 10.5
# Column 2 is as wide as "280.0" plus the cell padding: "280.00" prints as "280.0" / "0".
XS = [72, 200, 200 + 4 + 27 + 4, 330]
ROWS = [("项目", ["金额"], ["备注"]), ("基本支出", ["280.0", "0"], ["无"]),
        ("项目支出", ["1,094.", "35"], ["见说明"]), ("合计", ["1,374.", "35"], [""])]


@pytest.fixture(scope="session")
def narrow_pdf(tmp_path_factory):
    """A stroked-line table whose amount column is too narrow for its numbers."""
    path = str(tmp_path_factory.mktemp("pdf") / "narrow.pdf")
    c = rl_canvas.Canvas(path, pagesize=(PW, PH))
    c.setFont(FONT, SIZE)
    c.drawString(72, PH - 80, "一、支出情况")
    top, row_h = 100.0, 2 * SIZE + 10
    ys = [top + k * row_h for k in range(len(ROWS) + 1)]
    c.setLineWidth(0.5)
    for y in ys:
        c.line(XS[0], PH - y, XS[-1], PH - y)
    for x in XS:
        c.line(x, PH - ys[0], x, PH - ys[-1])
    for r, (label, amount, note) in enumerate(ROWS):
        for col, lines in enumerate(([label], amount, note)):
            for i, line in enumerate(lines):
                c.drawString(XS[col] + 4, PH - (ys[r] + 4 + SIZE * 0.88 + i * (SIZE + 2)), line)
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_number_wrapped_in_a_narrow_cell_is_one_number(narrow_pdf, engine):
    doc = parse_pdf(narrow_pdf, engine=engine)
    (table,) = doc.tables
    grid = [[c.text for c in row] for row in table.rows()]
    assert [row[1] for row in grid] == ["金额", "280.00", "1,094.35", "1,374.35"]
    assert grid[1][0] == "基本支出" and grid[2][2] == "见说明"
