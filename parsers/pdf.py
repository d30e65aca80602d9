"""PDF → Document: paragraphs and ruled tables in reading order, with page provenance.

One pass over the pages (`pdf_read`, with pdfium by default, pdfplumber as the reference
reader): each page's characters are extracted once and shared between the table cells and
the running text; ruled tables are the cells of its drawn lines and the edges of thin
filled rectangles; the page is closed right after. The rest works on plain geometry:

- each table's grid is rebuilt from its cell rectangles, so merged cells keep their spans
  (`pdf_grid`), and a table drawn inside a cell is that cell's nested table;
- characters become lines and lines become paragraphs the way a reader joins them: no
  spaces inside CJK text, visual wraps joined, numbers never split (`pdf_text`);
- running headers, footers and page numbers are dropped: lines in the top or bottom band
  that repeat across pages above/below all other content, or read like a page number;
- a table that continues on the next page is joined into one `Table` (repeated header rows
  dropped, a row split by the page break put back together); a table printed a blank line
  below the top of the text area is a new table (the empty paragraph that separates two
  tables went over to that page), however alike their columns.

A PDF without a text layer (a scan) or one that needs a password raises `ParseError` with
a reason a person can act on (`parsers.parse` then reads a scan by OCR); a scanned page
among text pages is read by OCR into the same page model (`pdf_scan`).
"""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from statistics import median

from .model import Document, Paragraph, Table
from .pdf_breaks import JoinContext
from .pdf_grid import RawTable, columns_match
from .pdf_read import (MSG_CID, MSG_ENCRYPTED, MSG_NO_TEXT, MSG_SCAN, PageContent,
                       check_text_layer, read_pages)
from .pdf_tables import build_table
from .pdf_text import group_paragraphs, paragraph_text, typical_gap, union_bbox

HEADER_BAND = 0.15       # top/bottom fraction of the page height where headers/footers live
MAX_RUNNING_LINES = 3    # at most this many lines at each end of a page are candidates

__all__ = ["parse_pdf", "is_page_number", "MSG_CID", "MSG_ENCRYPTED", "MSG_NO_TEXT", "MSG_SCAN"]

PAGE_NUMBER_RE = re.compile(
    r"""^(?:
        [-—–－~·•_*]*\d{1,4}[-—–－~·•_*]*            # 1  — 1 —  - 2 -
      | 第\d{1,4}页(?:[,，/]?共\d{1,4}页)?           # 第 1 页  第 1 页 共 3 页
      | 共\d{1,4}页[,，/]?第\d{1,4}页
      | \d{1,4}/\d{1,4}                              # 1/3
      | (?:page)?\d{1,4}(?:of\d{1,4})?               # Page 1 of 3
    )$""",
    re.X | re.I,
)


def parse_pdf(path, engine: str = "pdfium", ocr: bool | None = None) -> Document:
    """Read a PDF file into the document model (format "pdf", n_pages set).

    `engine` picks the page reader (`pdf_read.ENGINES`): pdfium by default, pdfplumber as
    the reference. Scanned pages among text pages are read by OCR (`pdf_scan`) unless
    `ocr` is False (default: `parsers.image.ocr_enabled()`)."""
    from .pdf_scan import read_scanned
    path = os.fspath(path)
    pages = read_pages(path, engine)
    warnings = check_text_layer(pages)
    if ocr is None:
        from .image import ocr_enabled
        ocr = ocr_enabled()
    ocr_name, boxes, unread, scan_warnings = read_scanned(path, pages, ocr)
    strip_running_lines(pages, set(boxes))
    blocks = assemble(pages, set(boxes))
    number_tables(blocks)
    if boxes:
        from .ocr import set_confidence
        set_confidence(blocks, boxes)
    return Document(blocks=blocks, source=path, format="pdf", n_pages=len(pages),
                    warnings=warnings + scan_warnings, ocr=ocr_name, ocr_pages=sorted(boxes),
                    unread_pages=unread)


# --------------------------------------------------------------------------------------
# Running headers, footers and page numbers


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER_RE.match("".join(text.split())))


def strip_running_lines(pages: list, ocr_pages=frozenset()) -> None:
    """Drop header/footer lines: page numbers in the margin bands, and lines that repeat
    across pages (digits aside) above, or below, all other content of every page. On the
    `ocr_pages` a line may repeat the others with a character or two misread."""
    n = len(pages)
    threshold = 2 if n <= 3 else max(2, int(0.4 * n + 0.999))
    drop = set()
    for zone in ("top", "bottom"):
        cands = {}  # page number -> candidate lines
        for p in pages:
            if not p.lines:
                continue
            if zone == "top":
                limit = min((t.bbox[1] for t in p.tables), default=p.height)
                sel = [ln for ln in p.lines[:MAX_RUNNING_LINES]
                       if ln.bottom <= HEADER_BAND * p.height and ln.bottom <= limit + 0.5]
            else:
                limit = max((t.bbox[3] for t in p.tables), default=0.0)
                sel = [ln for ln in p.lines[-MAX_RUNNING_LINES:]
                       if ln.top >= (1 - HEADER_BAND) * p.height and ln.top >= limit - 0.5]
            cands[p.number] = sel
        groups = defaultdict(list)
        for pno, sel in cands.items():
            for ln in sel:
                if is_page_number(ln.text):
                    drop.add(id(ln))
                else:
                    groups[_key(ln.text)].append(ln)
        if ocr_pages:
            _join_misread(groups, ocr_pages)
        tentative = {k: v for k, v in groups.items() if len({ln.page for ln in v}) >= threshold}
        excluded = set(drop) | {id(ln) for v in tentative.values() for ln in v}
        # The extreme position of real content on each page, running lines excluded.
        extremes = []
        for p in pages:
            ys = [ln.top if zone == "top" else ln.bottom for ln in p.lines if id(ln) not in excluded]
            ys += [t.bbox[1] if zone == "top" else t.bbox[3] for t in p.tables]
            if ys:
                extremes.append(min(ys) if zone == "top" else max(ys))
        for lines in tentative.values():
            if zone == "top":
                y = max(ln.bottom for ln in lines)
                ok = all(e >= y - 1.0 for e in extremes)
            else:
                y = min(ln.top for ln in lines)
                ok = all(e <= y + 1.0 for e in extremes)
            if ok:
                drop.update(id(ln) for ln in lines)
    if drop:
        for p in pages:
            p.lines = [ln for ln in p.lines if id(ln) not in drop]


def _join_misread(groups: dict, ocr_pages) -> None:
    """Candidate lines read by OCR only, whose text is another group's with a character
    or two misread (one per ten), join that group: the same running header."""
    from .layout import misread
    for key in list(groups):
        lines = groups[key]
        if not all(ln.page in ocr_pages for ln in lines):
            continue
        for other, others in groups.items():
            if other == key or len({ln.page for ln in others}) < 2:
                continue  # only a line already seen repeating can be misread here
            if misread(other, key, max(1, len(other) // 10)):
                others.extend(lines)
                del groups[key]
                break


# --------------------------------------------------------------------------------------
# Assembling blocks


def _page_items(p: PageContent) -> list:
    items = [(ln.top, 1, ln) for ln in p.lines] + [(t.bbox[1], 0, t) for t in p.tables]
    items.sort(key=lambda it: (it[0], it[1]))
    return [it[2] for it in items]


def assemble(pages: list, ocr_pages=frozenset()) -> list:
    """The pages' lines and tables as blocks in reading order: paragraphs, and tables
    joined across page breaks (`ocr_pages`: pages read by OCR, see `JoinContext`)."""
    by_number = {p.number: p for p in pages}
    # Page-size groups (portrait and landscape pages have different text columns).
    groups = defaultdict(list)
    for p in pages:
        groups[p.size_key].append(p)
    body_top, body_bottom, text_left, text_right, page_top = {}, {}, {}, {}, {}
    for key, ps in groups.items():
        tops = [ln.top for p in ps for ln in p.lines] + [t.bbox[1] for p in ps for t in p.tables]
        # Where the content of a page usually starts (the top margin): the lower quartile of
        # the pages' first tops, so a cover or a title set lower does not move it.
        firsts = sorted(min([ln.top for ln in p.lines[:1]] + [t.bbox[1] for t in p.tables[:1]])
                        for p in ps if p.lines or p.tables)
        usual_top = firsts[(len(firsts) - 1) // 4] if firsts else 0.0
        bottoms = [ln.bottom for p in ps for ln in p.lines] + [t.bbox[3] for p in ps for t in p.tables]
        x0s = Counter(round(ln.x0) for p in ps for ln in p.lines)
        x1s = [ln.x1 for p in ps for ln in p.lines]
        # The text column's right edge: where the longest lines end, or the left margin
        # mirrored when only a line or two run that far (a report that is mostly tables).
        right = _right_edge(x1s, median([ln.size for p in ps for ln in p.lines] or [10.0]),
                            ps[0].width)
        if sum(1 for x in x1s if x >= right - 2.0) < 3 and x0s:
            right = max(right, ps[0].width - x0s.most_common(1)[0][0])
        for p in ps:
            body_top[p.number] = min(tops) if tops else 0.0
            body_bottom[p.number] = max(bottoms) if bottoms else p.height
            text_left[p.number] = float(x0s.most_common(1)[0][0]) if x0s else 0.0
            text_right[p.number] = right
            page_top[p.number] = usual_top

    all_body = [ln for p in pages for ln in p.lines]
    body_size = median([ln.size for ln in all_body]) if all_body else 10.0
    body_lead = typical_gap(all_body)
    body_gap = max(1.0 * body_size, 1.6 * body_lead)
    # Empty space above a table at the top of a page that means a blank line stands there.
    blank_line = max(4.0, 0.6 * (body_size + body_lead))
    cell_lines = []
    for p in pages:
        for t in p.tables:
            _collect_cell_lines(t, cell_lines)
    cell_gaps = [typical_gap(lines) for lines in cell_lines if len(lines) > 1]
    cell_sizes = [ln.size for lines in cell_lines for ln in lines]
    cell_size = median(cell_sizes) if cell_sizes else body_size
    cell_gap = max(0.9 * cell_size, 1.6 * (median(cell_gaps) if cell_gaps else 0.0))
    ctx = JoinContext(body_bottom, cell_gap, ocr_pages)

    seq = [item for p in pages for item in _page_items(p)]
    blocks = []
    run = []      # body lines waiting to become paragraphs
    parts = []    # printed parts of the table being built

    def flush_run():
        if not run:
            return
        pno = run[0].page
        for group in group_paragraphs(run, text_left[pno], text_right[pno], body_gap):
            page = group[0].page
            blocks.append(Paragraph(text=paragraph_text(group), page=page,
                                    bbox=union_bbox(group, page)))
        run.clear()

    def flush_table():
        if parts:
            blocks.append(build_table(list(parts), ctx))
            parts.clear()

    for item in seq:
        if isinstance(item, RawTable):
            flush_run()
            if parts and _continues_table(parts[-1], item, body_top, body_bottom, by_number) \
                    and item.bbox[1] - page_top[item.page] < blank_line:
                parts.append(item)
                continue
            flush_table()
            parts.append(item)
        else:
            flush_table()
            if run and (run[-1].page != item.page and
                        (by_number[run[-1].page].size_key != by_number[item.page].size_key)):
                flush_run()
            run.append(item)
    flush_run()
    flush_table()
    return blocks


def _right_edge(x1s: list, size: float, default: float) -> float:
    """Where the longest lines end: the middle of the line ends within one character of
    the rightmost (in a text PDF they are one x; on a scan they scatter by a point or two,
    and the rightmost alone would make every full line look short)."""
    if not x1s:
        return default
    far = max(x1s)
    return median([x for x in x1s if x >= far - size])


def _collect_cell_lines(t: RawTable, out: list) -> None:
    for cell in t.cells:
        if cell.lines:
            out.append(cell.lines)
        for parts in cell.tables:
            for inner in parts:
                _collect_cell_lines(inner, out)


def _continues_table(a: RawTable, b: RawTable, body_top: dict, body_bottom: dict,
                     by_number: dict) -> bool:
    """`b` (first thing on its page) continues `a` (last thing on the page before)."""
    if b.page != a.page + 1:
        return False
    if by_number[a.page].size_key != by_number[b.page].size_key:
        return False
    if not columns_match(a, b):
        return False
    if b.bbox[1] - body_top[b.page] > 36:
        return False
    # `a` must end where the rest did not fit: the space left below it is less than the
    # first rows of `b` (a repeated header and the first band of rows that no cell crosses).
    end = 0
    for _ in range(2):
        end += 1
        while end < b.n_rows and any(c.row < end < c.row + c.row_span for c in b.cells):
            end += 1
        if end >= b.n_rows:
            break
    allowance = max(72.0, b.ys[end] - b.ys[0] + 12.0)
    return a.bbox[3] >= body_bottom[a.page] - allowance


def number_tables(blocks: list) -> None:
    """Number tables depth first in document order from 1 and set nested tables' paths."""
    counter = [0]

    def visit(table: Table, path: tuple) -> None:
        counter[0] += 1
        table.index = counter[0]
        table.path = path
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            for inner in cell.tables:
                visit(inner, path + ((table.index, cell.row, cell.col),))

    for block in blocks:
        if isinstance(block, Table):
            visit(block, ())
