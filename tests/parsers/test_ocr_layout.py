"""parsers.ocr_layout: ruled cells found on a rendered page of a sample report."""
from __future__ import annotations

import os

import pypdfium2 as pdfium

from parsers.ocr_layout import binarize, table_cells

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def page_image(name: str, index: int, dpi: int = 200):
    doc = pdfium.PdfDocument(os.path.join(ROOT, "samples", "pdf", name + ".pdf"))
    try:
        return doc[index].render(scale=dpi / 72.0, grayscale=True).to_numpy().copy().squeeze()
    finally:
        doc.close()


def contains(outer, inner, tol=1.5) -> bool:
    return (outer is not inner and inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def test_table_nested_at_the_bottom_of_its_host_cell_is_a_table_of_its_own():
    # page 2 of this sample: the 三公经费 table sits at the bottom of the host cell that
    # also holds the income and expenditure tables, sharing the host's bottom border
    groups = table_cells(binarize(page_image("dangan-2022-variant-no-fixed-assets", 1)), 200)
    for cells in groups:  # within one table no cell goes round another
        assert not any(contains(a, b) for a in cells for b in cells)
    hosts = [(g, c) for g in groups for c in g]
    nested = [g for g in groups
              if any(h is not g and all(contains(c, x) for x in g) for h, c in hosts)]
    assert len(nested) >= 3  # income, expenditure and 三公经费, each inside the host cell
    touching = [g for g in nested if any(
        h is not g and all(contains(c, x) for x in g) and abs(max(x[3] for x in g) - c[3]) < 2.0
        for h, c in hosts)]
    assert touching and max(len(g) for g in touching) >= 12  # the 三公经费 table's cells
