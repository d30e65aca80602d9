"""A legacy .doc gives the same rows as the DOCX it was saved from.

LibreOffice rebuilds a table's grid from each row's cell edges when it opens a .doc: edges
a rounding twip apart become 1-twip columns, and grid lines no cell uses disappear. The
DOCX reader folds both away, so the .doc twin of every sample gives the DOCX's facts,
scores, indicators and sections, locations included.
"""
from __future__ import annotations

import glob
import os
import subprocess
import tempfile

import docx
import pytest
from docx.oxml.ns import qn

from parsers import parse
from parsers.convert import find_soffice
from tests.conftest import SAMPLES, report_tables

KEEP_OUT = {"report_id", "source_file", "file_format", "sha256"}


def sample_docx():
    return sorted(glob.glob(os.path.join(SAMPLES, "*.docx")) +
                  glob.glob(os.path.join(SAMPLES, "*", "*.docx")))


def rows(tables: dict) -> dict:
    return {name: [{k: v for k, v in r.items() if k not in KEEP_OUT} for r in rs]
            for name, rs in tables.items() if name != "reports"}


@pytest.fixture(scope="module")
def doc_twins(tmp_path_factory):
    """Every sample DOCX saved as .doc by LibreOffice, as a user with an old Word would."""
    program = find_soffice()
    if program is None:
        pytest.skip("LibreOffice not installed")
    out = tmp_path_factory.mktemp("doc-twins")
    with tempfile.TemporaryDirectory(prefix="jixiao-test-lo-") as profile:
        subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--norestore", "--convert-to", "doc", "--outdir", str(out)] + sample_docx(),
                       check=True, capture_output=True, timeout=1800)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", sample_docx(), ids=os.path.basename)
def test_doc_twin_gives_the_docx_rows(doc_twins, path):
    doc = doc_twins / (os.path.basename(path)[:-5] + ".doc")
    want, got = rows(report_tables(path)), rows(report_tables(str(doc)))
    for name in want:
        assert got[name] == want[name], name


def _docx_with_grid(tmp_path, widths_twips, merges):
    """A real DOCX whose first table has the given grid widths and merged cells."""
    d = docx.Document()
    table = d.add_table(rows=2, cols=len(widths_twips))
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_twips):
        gc.set(qn("w:w"), str(w))
    for (r, c0, c1), text in merges:
        cell = table.cell(r, c0).merge(table.cell(r, c1)) if c1 > c0 else table.cell(r, c0)
        cell.text = text
    path = tmp_path / "grid.docx"
    d.save(str(path))
    return str(path)


def test_sliver_column_is_folded_into_its_neighbour(tmp_path):
    # row 0: 评价内容 over columns 0-1, 绩效目标 over 2-3; row 1: 质量指标 over 0-2 (one
    # twip past the header's edge), 指标1 over 3 — the shape LibreOffice gives a .doc
    path = _docx_with_grid(tmp_path, [1000, 1000, 1, 3000],
                           [((0, 0, 1), "评价内容"), ((0, 2, 3), "绩效目标"),
                            ((1, 0, 2), "质量指标"), ((1, 3, 3), "指标1")])
    table = parse(path).blocks[-1]
    assert table.n_cols == 2
    assert [(c.row, c.col, c.col_span, c.text) for c in sorted(table.cells, key=lambda c: (c.row, c.col))] == \
        [(0, 0, 1, "评价内容"), (0, 1, 1, "绩效目标"), (1, 0, 1, "质量指标"), (1, 1, 1, "指标1")]


def test_unused_grid_lines_are_dropped(tmp_path):
    # four grid columns, but every row merges 0-1 and 2-3: the table has two columns
    path = _docx_with_grid(tmp_path, [1000, 1000, 1000, 1000],
                           [((0, 0, 1), "人员编制"), ((0, 2, 3), "36"),
                            ((1, 0, 1), "实有人数"), ((1, 2, 3), "108")])
    table = parse(path).blocks[-1]
    assert table.n_cols == 2
    assert sorted((c.row, c.col, c.text) for c in table.cells) == \
        [(0, 0, "人员编制"), (0, 1, "36"), (1, 0, "实有人数"), (1, 1, "108")]
