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

from samples.layout import TEXT_WIDTH_CM, Nested, P, PageBreak, TableSpec, Toc

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
    if p.num:
        _set_numpr(par._p.get_or_add_pPr(), *p.num)
    if ALIGN[p.align] is not None:
        par.alignment = ALIGN[p.align]
    if p.bookmark:
        _bookmark(par._p, p.bookmark, 'start')
    for i, seg in enumerate(p.text.split('\n')):
        if i:
            par.runs[-1].add_break() if par.runs else par.add_run().add_break()
        if seg:
            run = par.add_run(seg)
            if p.bold:
                run.bold = True
            if p.size:
                run.font.size = Pt(p.size)
    if p.bookmark:
        _bookmark(par._p, p.bookmark, 'end')


def _bookmark(p_el, name: str, which: str) -> None:
    el = OxmlElement(f'w:bookmark{which.capitalize()}')
    el.set(qn('w:id'), str(int(name[len('_Toc'):]) % 100000))
    if which == 'start':
        el.set(qn('w:name'), name)
    p_el.append(el)


def _run(parent, *, text=None, tab=False, fld=None, instr=None):
    r = OxmlElement('w:r')
    if text is not None:
        t = OxmlElement('w:t')
        t.text = text
        r.append(t)
    if tab:
        r.append(OxmlElement('w:tab'))
    if fld:
        f = OxmlElement('w:fldChar')
        f.set(qn('w:fldCharType'), fld)
        r.append(f)
    if instr:
        it = OxmlElement('w:instrText')
        it.set('{http://www.w3.org/XML/1998/namespace}space', 'preserve')
        it.text = instr
        r.append(it)
    parent.append(r)
    return r


def write_toc(doc, toc: Toc) -> None:
    """A TOC field as Word leaves it: one paragraph per entry, each a hyperlink to its
    heading's bookmark holding the text, a tab and a PAGEREF field with the page number."""
    for i, (level, text, mark, page) in enumerate(toc.entries):
        par = doc.add_paragraph()
        ppr = par._p.get_or_add_pPr()
        tabs = OxmlElement('w:tabs')
        tab = OxmlElement('w:tab')
        tab.set(qn('w:val'), 'right')
        tab.set(qn('w:leader'), 'dot')
        tab.set(qn('w:pos'), '9060')
        tabs.append(tab)
        ppr.append(tabs)
        if level > 1:
            ind = OxmlElement('w:ind')
            ind.set(qn('w:left'), str(420 * (level - 1)))
            ppr.append(ind)
        if i == 0:
            _run(par._p, fld='begin')
            _run(par._p, instr=' TOC \\o "1-2" \\h \\z \\u ')
            _run(par._p, fld='separate')
        link = OxmlElement('w:hyperlink')
        link.set(qn('w:anchor'), mark)
        link.set(qn('w:history'), '1')
        _run(link, text=text)
        _run(link, tab=True)
        _run(link, fld='begin')
        _run(link, instr=f' PAGEREF {mark} \\h ')
        _run(link, fld='separate')
        _run(link, text=str(page))
        _run(link, fld='end')
        par._p.append(link)
    _run(doc.add_paragraph()._p, fld='end')


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


# A multilevel list of the kind Chinese reports attach to their heading styles:
# 一、 / （一） / 1、, Chinese counting, no tab after the number.
LIST_LEVELS = [('chineseCounting', '%1、'), ('chineseCounting', '（%2）'), ('decimal', '%3、')]


def _set_numpr(ppr, num_id: int, ilvl: int) -> None:
    numpr = OxmlElement('w:numPr')
    lvl = OxmlElement('w:ilvl')
    lvl.set(qn('w:val'), str(ilvl))
    nid = OxmlElement('w:numId')
    nid.set(qn('w:val'), str(num_id))
    numpr.append(lvl)
    numpr.append(nid)
    # w:numPr comes right after w:pStyle / w:keepNext... in CT_PPr order; before w:spacing/w:jc
    after = [qn('w:pStyle'), qn('w:keepNext'), qn('w:keepLines'), qn('w:pageBreakBefore'),
             qn('w:framePr'), qn('w:widowControl')]
    idx = 0
    for i, child in enumerate(ppr):
        if child.tag in after:
            idx = i + 1
    ppr.insert(idx, numpr)


def add_heading_numbering(doc, num_id: int) -> None:
    """Add the multilevel list as numbering instance `num_id` and link level 0 to the
    Heading 1 style (Word then numbers every Heading 1 paragraph: 一、二、...)."""
    numbering = doc.part.numbering_part.element
    absn = OxmlElement('w:abstractNum')
    absn.set(qn('w:abstractNumId'), str(num_id))
    mlt = OxmlElement('w:multiLevelType')
    mlt.set(qn('w:val'), 'multilevel')
    absn.append(mlt)
    for ilvl, (fmt, text) in enumerate(LIST_LEVELS):
        lvl = OxmlElement('w:lvl')
        lvl.set(qn('w:ilvl'), str(ilvl))
        for tag, val in (('w:start', '1'), ('w:numFmt', fmt), ('w:suff', 'nothing'),
                         ('w:lvlText', text), ('w:lvlJc', 'left')):
            el = OxmlElement(tag)
            el.set(qn('w:val'), val)
            lvl.append(el)
        absn.append(lvl)
    nums = numbering.findall(qn('w:num'))
    if nums:
        nums[0].addprevious(absn)
    else:
        numbering.append(absn)
    num = OxmlElement('w:num')
    num.set(qn('w:numId'), str(num_id))
    ref = OxmlElement('w:abstractNumId')
    ref.set(qn('w:val'), str(num_id))
    num.append(ref)
    numbering.append(num)
    h1 = doc.styles['Heading 1'].element
    _set_numpr(h1.get_or_add_pPr(), num_id, 0)


def render(blocks: list, *, created: dt.datetime, author: str) -> bytes:
    doc = Document()
    setup_document(doc)
    num_ids = {b.num[0] for b in blocks if isinstance(b, P) and b.num}
    for num_id in sorted(num_ids):
        add_heading_numbering(doc, num_id)
    for b in blocks:
        if isinstance(b, P):
            write_paragraph(doc.add_paragraph(), b)
        elif isinstance(b, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, Toc):
            write_toc(doc, b)
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
