"""DOCX → Document, by walking the WordprocessingML once.

python-docx opens the package (relationships, parts); the body is then read straight from
its XML: `row.cells` repeats a merged cell once per grid column and `Table.cell(i, j)`
rebuilds the grid on every call, so tables are read from `w:tr`/`w:tc` with `w:gridSpan`,
`w:vMerge` and `w:gridBefore` in a single pass. XML parts are checked for DTDs before
anything parses them, so an entity bomb is refused without being expanded.
"""
from __future__ import annotations

import re
import zipfile

from .model import Cell, Document, Paragraph, ParseError, Table
from .numbering import Numbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str) -> str:
    return "{%s}%s" % (W, tag)


P, TBL, TR, TC, SDT, SDT_CONTENT = q("p"), q("tbl"), q("tr"), q("tc"), q("sdt"), q("sdtContent")
R, T, TAB, BR, CR, DEL, INS = q("r"), q("t"), q("tab"), q("br"), q("cr"), q("del"), q("ins")
HYPERLINK, SMART_TAG, CUSTOM_XML = q("hyperlink"), q("smartTag"), q("customXml")
FALLBACK = "{%s}Fallback" % MC
VAL = q("val")
# Containers whose children are read as if they stood in the parent (content controls,
# custom XML, tracked insertions): their text is what a reader sees.
TRANSPARENT = {SDT, SDT_CONTENT, CUSTOM_XML, INS, HYPERLINK, SMART_TAG}

MAX_XML_PART = 256 * 1024 * 1024
DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)


def check_package(path: str) -> None:
    """Refuse packages that are not DOCX or whose XML declares a DTD (entity bombs, XXE)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise ParseError("不是 Word 文档：压缩包中没有 word/document.xml")
            for info in zf.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                if info.file_size > MAX_XML_PART:
                    raise ParseError(f"DOCX 内部文件 {info.filename} 过大（{info.file_size} 字节），已拒绝")
                with zf.open(info) as fh:
                    head = fh.read(4096)
                if DTD_RE.search(head):
                    raise ParseError(f"DOCX 内含 XML 实体声明（{info.filename}），可能是恶意文件，已拒绝解析")
    except zipfile.BadZipFile as exc:
        raise ParseError(f"DOCX 文件已损坏（{exc}），请重新导出或索取原件") from exc


def parse_docx(path: str) -> Document:
    """Read a DOCX file into the document model."""
    check_package(path)
    import docx  # python-docx: package and part handling

    try:
        wdoc = docx.Document(path)
    except Exception as exc:  # python-docx raises many types for damaged packages
        raise ParseError(f"DOCX 无法打开（{type(exc).__name__}: {' '.join(str(exc).split())[:120]}）") from exc
    reader = _BodyReader(wdoc)
    blocks = reader.read_blocks(wdoc.element.body)
    doc = Document(blocks=blocks, source=path, format="docx")
    return doc


class _BodyReader:
    """Walks body XML into blocks, numbering tables depth first in document order."""

    def __init__(self, wdoc):
        self.table_count = 0
        self.numbering = Numbering.from_document(wdoc)

    # --- blocks -------------------------------------------------------------------
    def read_blocks(self, parent, path=()) -> list:
        blocks = []
        for child in _children(parent):
            if child.tag == P:
                blocks.append(self.read_paragraph(child))
            elif child.tag == TBL:
                blocks.append(self.read_table(child, path))
        return blocks

    def read_paragraph(self, p) -> Paragraph:
        text = "".join(_run_texts(p))
        style, level, numbering = self.numbering.describe(p)
        return Paragraph(text=text, style=style, level=level, numbering=numbering)

    # --- tables -------------------------------------------------------------------
    def read_table(self, tbl, path=()) -> Table:
        self.table_count += 1
        index = self.table_count
        grid_cols = tbl.find(q("tblGrid"))
        n_cols = len(grid_cols.findall(q("gridCol"))) if grid_cols is not None else 0
        cells, open_cells = [], {}  # open_cells: grid col -> cell a vMerge may continue
        row_no = 0
        for tr in _children(tbl):
            if tr.tag != TR:
                continue
            col = _int_prop(tr, "trPr", "gridBefore")
            for tc in _children(tr):
                if tc.tag != TC:
                    continue
                span = max(1, _int_prop(tc, "tcPr", "gridSpan", default=1))
                vmerge = _vmerge(tc)
                above = open_cells.get(col)
                if vmerge == "continue" and above is not None and above.col_span == span:
                    above.row_span = row_no - above.row + 1
                    # text typed into a continuation cell is still shown by Word: keep it
                    extra = self.read_cell_content(tc, None, (*path, (index, row_no, col)))
                    above.paragraphs.extend(p for p in extra[0] if p.text.strip())
                    above.tables.extend(extra[1])
                else:
                    cell = Cell(row=row_no, col=col, col_span=span)
                    cell.paragraphs, cell.tables = self.read_cell_content(
                        tc, cell, (*path, (index, row_no, col)))
                    cells.append(cell)
                    for c in range(col, col + span):
                        open_cells[c] = cell
                col += span
            n_cols = max(n_cols, col)
            row_no += 1
        return Table(cells=cells, n_rows=row_no, n_cols=n_cols, index=index, parts=[index],
                     path=path)

    def read_cell_content(self, tc, cell, path):
        paragraphs, tables = [], []
        for child in _children(tc):
            if child.tag == P:
                paragraphs.append(self.read_paragraph(child))
            elif child.tag == TBL:
                tables.append(self.read_table(child, path))
        return paragraphs, tables


def _children(el):
    """Children of el, looking through content controls and similar wrappers."""
    for child in el:
        if child.tag in TRANSPARENT:
            yield from _children(child)
        else:
            yield child


def _run_texts(el):
    """The visible text of a paragraph: w:t, tabs and breaks, deletions and fallbacks skipped."""
    for child in el:
        tag = child.tag
        if tag == T:
            yield child.text or ""
        elif tag == TAB:
            yield "\t"
        elif tag in (BR, CR):
            if child.get(q("type")) in (None, "textWrapping"):
                yield "\n"
        elif tag in (DEL, FALLBACK) or tag == q("pPr") or tag == q("rPr"):
            continue
        elif len(child):
            yield from _run_texts(child)


def _int_prop(el, pr_tag, prop, default=0) -> int:
    pr = el.find(q(pr_tag))
    if pr is None:
        return default
    node = pr.find(q(prop))
    if node is None:
        return default
    try:
        return int(node.get(VAL, default))
    except (TypeError, ValueError):
        return default


def _vmerge(tc):
    pr = tc.find(q("tcPr"))
    if pr is None:
        return None
    node = pr.find(q("vMerge"))
    if node is None:
        return None
    return "restart" if node.get(VAL) == "restart" else "continue"
