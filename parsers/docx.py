"""DOCX → Document, by walking the WordprocessingML once.

The body is read straight from its XML: python-docx's `row.cells` repeats a merged cell
once per grid column and `Table.cell(i, j)` rebuilds the grid on every call, so tables are
read from `w:tr`/`w:tc` with `w:gridSpan`, `w:vMerge` and `w:gridBefore` in a single
pass. Only the three parts needed (document, styles, numbering) are parsed, with plain
lxml and a hardened parser; each is checked for a DTD first, so an entity bomb is refused
without being expanded. (python-docx writes the sample reports; reading does not need
its proxy layer.)
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib

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


REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "/officeDocument"
SAFE_PARSER_ARGS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                        huge_tree=False, remove_blank_text=False)


def _safe_parser():
    from lxml import etree

    return etree.XMLParser(**SAFE_PARSER_ARGS)


class _Package:
    """The parts of a DOCX this reader needs, read with a hardened XML parser.

    The package is opened once with zipfile and only the main document, its styles and
    its numbering are parsed (plain lxml, entities off, no network, no DTD): cheaper than
    loading every part, and an XML bomb is refused before any parser sees it.
    """

    def __init__(self, path: str):
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ParseError(f"DOCX 文件已损坏（{' '.join(str(exc).split())}），请重新导出或索取原件") from exc
        self.names = set(self.zf.namelist())

    def close(self):
        self.zf.close()

    def read(self, name: str) -> bytes:
        info = self.zf.getinfo(name)
        if info.file_size > MAX_XML_PART:
            raise ParseError(f"DOCX 内部文件 {name} 过大（{info.file_size} 字节），已拒绝")
        try:
            data = self.zf.read(name)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error,
                NotImplementedError, RuntimeError) as exc:  # damaged, odd compression, encrypted member
            raise ParseError(f"DOCX 内部文件 {name} 已损坏（{' '.join(str(exc).split())[:80]}），"
                             f"请重新导出或索取原件") from exc
        if DTD_RE.search(data):  # anywhere: a DTD may hide behind a long comment
            raise ParseError(f"DOCX 内含 XML 实体声明（{name}），可能是恶意文件，已拒绝解析")
        return data

    def xml(self, name: str):
        from lxml import etree

        if not name or name not in self.names:
            return None
        try:
            return etree.fromstring(self.read(name), _safe_parser())
        except etree.XMLSyntaxError as exc:
            raise ParseError(f"DOCX 内部文件 {name} 不是有效的 XML（{' '.join(str(exc).split())[:80]}）") from exc

    def targets(self, rels_name: str, base: str) -> dict:
        """{relationship type suffix: part name} from a .rels part."""
        root = self.xml(rels_name)
        out = {}
        if root is None:
            return out
        for rel in root.iter("{%s}Relationship" % REL_NS):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], name)
        return out

    def main_document(self) -> str:
        name = self.targets("_rels/.rels", "").get("officeDocument", "word/document.xml")
        if name not in self.names:
            raise ParseError("不是 Word 文档：压缩包中没有正文（word/document.xml）")
        return name


_STYLE_CACHE: dict = {}


def _numbering(pkg: _Package, styles: str, numbering: str) -> Numbering:
    """Styles and list definitions, parsed once per distinct part.

    Reports of one template share a styles part of several hundred kilobytes; the zip's
    CRC and size identify it without decompressing, so a bulk run parses it once.
    """
    key = tuple((n, pkg.zf.getinfo(n).CRC, pkg.zf.getinfo(n).file_size) if n in pkg.names else None
                for n in (styles, numbering))
    static = _STYLE_CACHE.get(key)
    if static is None:
        static = Numbering.from_roots(pkg.xml(styles), pkg.xml(numbering)).static()
        if len(_STYLE_CACHE) > 64:
            _STYLE_CACHE.clear()
        _STYLE_CACHE[key] = static
    return Numbering(*static)


def parse_docx(path: str) -> Document:
    """Read a DOCX file into the document model."""
    pkg = _Package(path)
    try:
        main = pkg.main_document()
        root = pkg.xml(main)
        rels = pkg.targets(posixpath.join(posixpath.dirname(main), "_rels",
                                          posixpath.basename(main) + ".rels"),
                           posixpath.dirname(main))
        numbering = _numbering(pkg, rels.get("styles"), rels.get("numbering"))
    finally:
        pkg.close()
    body = root.find(q("body")) if root is not None else None
    if body is None:
        raise ParseError("Word 文档没有正文内容（document.xml 中缺少 w:body）")
    reader = _BodyReader(numbering)
    return Document(blocks=reader.read_blocks(body), source=path, format="docx")


class _BodyReader:
    """Walks body XML into blocks, numbering tables depth first in document order."""

    def __init__(self, numbering: Numbering):
        self.table_count = 0
        self.numbering = numbering

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
        text = _paragraph_text(p)
        style, level, numbering = self.numbering.describe(p)
        bold = 0 < len(text.strip()) <= BOLD_HEADING_CHARS and _all_bold(p)
        return Paragraph(text=text, style=style, level=level, numbering=numbering, bold=bold)

    # --- tables -------------------------------------------------------------------
    def read_table(self, tbl, path=()) -> Table:
        self.table_count += 1
        index = self.table_count
        grid_cols = tbl.find(q("tblGrid"))
        widths = [_twips(g) for g in grid_cols.findall(q("gridCol"))] if grid_cols is not None else []
        n_cols = len(widths)
        cells, open_cells = [], {}  # open_cells: grid col -> cell a vMerge may continue
        row_no = 0
        for tr in _children(tbl):
            if tr.tag != TR:
                continue
            col = _int_prop(tr, "trPr", "gridBefore")
            for tc in _children(tr):
                if tc.tag != TC:
                    continue
                span, vmerge = _cell_props(tc)
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
        cells, n_cols = _drop_sliver_columns(cells, n_cols, widths)
        n_cols = _drop_unused_boundaries(cells, n_cols)
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


SLIVER_TWIPS = 15  # about 0.26 mm: no column a person made is this narrow


def _twips(grid_col):
    try:
        return int(grid_col.get(q("w")))
    except (TypeError, ValueError):
        return None


def _drop_sliver_columns(cells: list, n_cols: int, widths: list):
    """Fold grid columns a few twips wide into their neighbours.

    Converters (LibreOffice opening a .doc) rebuild the grid from each row's own cell
    edges; edges that differ by a rounding twip become 1-twip columns, so a cell that
    spanned one column now spans two and the rows no longer line up with the DOCX twin.
    A sliver column is dropped unless a non-blank cell lies only in it.
    """
    sliver = [w is not None and w < SLIVER_TWIPS for w in widths] + [False] * (n_cols - len(widths))
    if not any(sliver):
        return cells, n_cols
    for cell in cells:
        if cell.col_span == 1 and sliver[cell.col] and not cell.is_blank:
            sliver[cell.col] = False
    shift = [0] * (n_cols + 1)  # shift[j]: slivers left of grid boundary j
    for j in range(1, n_cols + 1):
        shift[j] = shift[j - 1] + (1 if sliver[j - 1] else 0)
    kept = []
    for cell in cells:
        start, end = cell.col - shift[cell.col], cell.col + cell.col_span - shift[cell.col + cell.col_span]
        if end <= start:
            continue  # a blank cell lying only in a sliver column
        cell.col, cell.col_span = start, end - start
        kept.append(cell)
    return kept, n_cols - shift[n_cols]


def _drop_unused_boundaries(cells: list, n_cols: int) -> int:
    """Renumber columns so that every grid line is the edge of some cell.

    Word keeps grid lines no cell of the table uses (left from editing, or shared with
    another table); a converter drops them. Keeping only the used ones gives the same
    grid, and cell columns a person would count, whichever program wrote the file.
    """
    used = {0, n_cols}
    for cell in cells:
        used.add(cell.col)
        used.add(cell.col + cell.col_span)
    if len(used) == n_cols + 1:
        return n_cols
    index = {b: i for i, b in enumerate(sorted(used))}
    for cell in cells:
        end = index[cell.col + cell.col_span]
        cell.col = index[cell.col]
        cell.col_span = end - cell.col
    return len(used) - 1


BOLD_HEADING_CHARS = 40  # only short paragraphs are looked at: headings, not passages
RPR = q("rPr")


def _all_bold(p) -> bool:
    """Every run with text has w:b on (a heading typed in bold, without a number)."""
    runs = [r for r in p.iter(R) if any((t.text or "").strip() for t in r.iter(T))]
    if not runs:
        return False
    for r in runs:
        rpr = r.find(RPR)
        b = rpr.find(q("b")) if rpr is not None else None
        if b is None or b.get(VAL) in ("0", "false", "off"):
            return False
    return True


def _children(el) -> list:
    """Children of el, looking through content controls and similar wrappers.

    A list, not a generator: this runs for every table, row and cell, and wrappers are
    rare, so the plain loop is the fast path.
    """
    out = []
    for child in el:
        if child.tag in TRANSPARENT:
            out.extend(_children(child))
        else:
            out.append(child)
    return out


BR_TYPE = q("type")
TEXT_TAGS = (T, TAB, BR, CR, FALLBACK)


def _paragraph_text(p) -> str:
    """The visible text of a paragraph: w:t, tabs and line breaks in order.

    One `iter` over the text-bearing tags (lxml filters in C) covers the common case;
    a paragraph holding alternate content (mc:Fallback) is walked tree-wise instead, so
    the fallback's copy of the text is skipped.
    """
    parts = []
    add = parts.append
    for node in p.iter(TEXT_TAGS):
        tag = node.tag
        if tag == T:
            add(node.text or "")
        elif tag == TAB:
            add("\t")
        elif tag == FALLBACK:
            return "".join(_run_texts(p))
        elif node.get(BR_TYPE) in (None, "textWrapping"):
            add("\n")
    return "".join(parts)


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


TC_PR, GRID_SPAN, V_MERGE = q("tcPr"), q("gridSpan"), q("vMerge")


def _cell_props(tc):
    """(grid span, vMerge state) of a w:tc, reading its properties once."""
    pr = tc.find(TC_PR)
    if pr is None:
        return 1, None
    span, vmerge = 1, None
    for node in pr:
        if node.tag == GRID_SPAN:
            try:
                span = max(1, int(node.get(VAL, 1)))
            except (TypeError, ValueError):
                span = 1
        elif node.tag == V_MERGE:
            vmerge = "restart" if node.get(VAL) == "restart" else "continue"
    return span, vmerge
