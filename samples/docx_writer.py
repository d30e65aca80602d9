"""Write layout blocks as a Word document with python-docx.

Merged cells are made with `cell.merge()`, so Word sees real `w:gridSpan` and `w:vMerge`;
nested tables are made with `cell.add_table()`. The output is made byte-stable: fixed core
properties and fixed zip entry dates, so regenerating gives the same file.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from samples.layout import TEXT_WIDTH_CM, Nested, P, PageBreak, TableSpec

ALIGN = {'left': WD_ALIGN_PARAGRAPH.LEFT, 'center': WD_ALIGN_PARAGRAPH.CENTER,
         'right': WD_ALIGN_PARAGRAPH.RIGHT, None: None}
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
CELL_MARGIN_CM = 0.8  # room left for cell margins when a table is nested in a cell


def _set_fonts(style, latin: str, east_asia: str, size_pt=None) -> None:
    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn('w:rFonts'))
    if fonts is None:
        fonts = OxmlElement('w:rFonts')
        rpr.insert(0, fonts)
    fonts.set(qn('w:eastAsia'), east_asia)
    fonts.set(qn('w:ascii'), latin)
    fonts.set(qn('w:hAnsi'), latin)
    if size_pt:
        style.font.size = Pt(size_pt)


def setup_document(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    normal = doc.styles['Normal']
    _set_fonts(normal, 'Times New Roman', '宋体', 10.5)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    for name, size in (('Heading 1', 14), ('Heading 2', 12)):
        st = doc.styles[name]
        _set_fonts(st, 'Times New Roman', '黑体', size)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.bold = True
        st.paragraph_format.space_before = Pt(6)
        st.paragraph_format.space_after = Pt(3)


def write_paragraph(par, p: P) -> None:
    if p.style:
        par.style = par.part.document.styles[p.style]
    if ALIGN[p.align] is not None:
        par.alignment = ALIGN[p.align]
    for i, seg in enumerate(p.text.split('\n')):
        if i:
            par.runs[-1].add_break() if par.runs else par.add_run().add_break()
        if seg:
            run = par.add_run(seg)
            if p.bold:
                run.bold = True
            if p.size:
                run.font.size = Pt(p.size)


def fill_cell(cell, content: list, width_cm: float) -> None:
    """Write paragraphs and nested tables into a cell, keeping Word's rule that a cell ends
    with a paragraph (python-docx adds one after each nested table)."""
    first = cell.paragraphs[0]
    free = first          # an empty paragraph the next P may use
    starts_with_table = bool(content) and isinstance(content[0], Nested)
    for item in content:
        if isinstance(item, Nested):
            inner = cell.add_table(item.table.n_rows, item.table.n_cols)
            build_table(inner, item.table, (width_cm - CELL_MARGIN_CM) / TEXT_WIDTH_CM)
            free = cell.paragraphs[-1]
        else:
            par = free if free is not None else cell.add_paragraph()
            free = None
            write_paragraph(par, item)
    if starts_with_table:
        first._p.getparent().remove(first._p)


def _mark_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement('w:tblHeader')
    trpr.append(el)


def tc_at(tr, col: int):
    """The w:tc of a row that starts at grid column `col` (vertical-merge continuations are
    real w:tc elements, so grid offsets stay valid while merging)."""
    offset = 0
    for tc in tr.tc_lst:
        if offset == col:
            return tc
        offset += tc.grid_span
    raise IndexError(col)


def build_table(table, spec: TableSpec, scale: float = 1.0) -> None:
    """Merge and fill a freshly added n_rows x n_cols table.

    Cells are located by walking w:tr/w:tc (python-docx's `Table.cell()` rebuilds the whole
    grid on every call); merging itself is python-docx's `_Cell.merge()`.
    """
    table.style = table.part.document.styles['Table Grid']
    table.autofit = False
    widths = [w * scale for w in spec.widths]
    for i, col in enumerate(table.columns):
        col.width = Cm(widths[i])
    trs = table._tbl.tr_lst
    for tr in trs:
        for i, tc in enumerate(tr.tc_lst):
            tc.width = Cm(widths[i])
    for cs in spec.cells:
        if cs.rowspan > 1 or cs.colspan > 1:
            a = _Cell(tc_at(trs[cs.row], cs.col), table)
            b = _Cell(tc_at(trs[cs.row + cs.rowspan - 1], cs.col + cs.colspan - 1), table)
            a.merge(b)
    for r in range(spec.header_rows):
        _mark_header(table.rows[r])
    for cs in spec.cells:
        cell = _Cell(tc_at(trs[cs.row], cs.col), table)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        fill_cell(cell, cs.content, sum(widths[cs.col:cs.col + cs.colspan]))


def render(blocks: list, *, created: dt.datetime, author: str) -> bytes:
    doc = Document()
    setup_document(doc)
    for b in blocks:
        if isinstance(b, P):
            write_paragraph(doc.add_paragraph(), b)
        elif isinstance(b, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, TableSpec):
            t = doc.add_table(rows=b.n_rows, cols=b.n_cols)
            build_table(t, b)
        else:
            raise TypeError(b)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = author
    cp.created = cp.modified = cp.last_printed = created
    cp.revision = 1
    cp.title = cp.subject = cp.comments = cp.keywords = cp.category = ''
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue())


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
