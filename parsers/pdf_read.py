"""PDF pages to positioned lines and raw tables, by one of two engines.

Each page's characters are taken once and shared between the table cells and the running
text: every character ends in exactly one cell or one body line. Ruled tables are the
cell rectangles of the lines strategy (drawn lines and the edges of thin filled rectangles
alike), plus a lone framed box (a one-cell Word table) that pdfplumber's finder drops.

- `pdfium` (the default): characters and ruling lines from pdfium (`pdf_pdfium`), tables
  found from those lines with pdfplumber's own functions; a few ms a page.
- `plumber`: pdfplumber end to end (pdfminer's parse, `TableFinder`); ~20x slower, kept as
  the reference reader the tests compare the fast one against.
"""
from __future__ import annotations

from .model import ParseError
from .pdf_grid import RawTable, find_nested, nest_tables
from .pdf_text import make_lines

ENGINES = ("pdfium", "plumber")
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_PAGE_CHARS = 5       # a page with fewer printable characters has no text layer
SCAN_COVER = 0.5         # an image over this share of the page, text only in the margins: a scan
MARGIN_BAND = 0.15       # top/bottom share of the page height where running headers live

MSG_SCAN = "PDF 没有文字层（可能是扫描件），需要先做 OCR 识别"
MSG_NO_TEXT = "PDF 中没有可提取的文字（可能是扫描件或文字已转为曲线），需要先做 OCR 识别"
MSG_CID = "PDF 的字体缺少文字编码映射，提取出的是乱码，需要先做 OCR 识别或重新导出 PDF"
MSG_ENCRYPTED = "PDF 已加密，请提供未加密的版本"


class PageContent:
    """What one page holds once the engine is done with it."""

    __slots__ = ("number", "width", "height", "lines", "tables", "n_chars", "n_cid",
                 "n_images", "margin_only", "error")

    def __init__(self, number, width, height):
        self.number, self.width, self.height = number, width, height
        self.lines = []      # body lines (outside every table), top to bottom
        self.tables = []     # top-level RawTables, top to bottom
        self.n_chars = self.n_cid = self.n_images = 0
        self.margin_only = False  # a scan whose only text is a running header or page number
        self.error = None

    @property
    def size_key(self) -> tuple:
        return (round(self.width), round(self.height))


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


def _open_error(exc: BaseException) -> ParseError:
    from pdfplumber.utils.exceptions import PdfminerException
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name or "password" in str(inner).lower():
        return ParseError(MSG_ENCRYPTED)
    return ParseError(f"PDF 文件已损坏或无法读取（{_reason(inner)}），请重新导出或索取原件")


def read_pages(path: str, engine: str = "pdfium") -> list:
    """Every page of the file as a PageContent; ParseError when the file cannot be opened."""
    if engine == "plumber":
        return _plumber_pages(path)
    if engine != "pdfium":
        raise ValueError(f"unknown PDF engine {engine!r}; one of {ENGINES}")
    return _pdfium_pages(path)


def _pdfium_pages(path: str) -> list:
    from . import pdf_pdfium
    try:
        doc = pdf_pdfium.open_document(path)
    except Exception as exc:  # pdfium raises PdfiumError with its own error code text
        raise _open_error(exc) from exc
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            try:
                out.append(_pdfium_page(page, i + 1))
            finally:
                page.close()
        return out
    finally:
        doc.close()


def _pdfium_page(page, pno: int) -> PageContent:
    from . import pdf_pdfium
    x0, y0, x1, y1 = (float(v) for v in page.get_cropbox())
    width, height = x1 - x0, y1 - y0
    content = PageContent(pno, width, height)
    try:
        chars = pdf_pdfium.page_chars(page, y1)
        edges, images = pdf_pdfium.page_paths(page, y1)
        if x0 or y0:  # a crop box not at the origin: shift to its top-left corner
            for obj in chars + edges + images:
                obj["x0"] -= x0
                obj["x1"] -= x0
        groups, cells = pdf_pdfium.table_cells(edges) if chars else ([], [])
    except Exception as exc:  # a broken content stream: keep the rest of the document
        content.error = _reason(exc)
        return content
    _fill_page(content, chars, _with_boxes(groups, cells, width, height),
               (0.0, 0.0, width, height), len(images), images)
    return content


def _plumber_pages(path: str) -> list:
    import pdfplumber
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds
        raise _open_error(exc) from exc
    try:
        try:
            plumber_pages = pdf.pages
        except Exception as exc:
            raise _open_error(exc) from exc
        out = []
        for page in plumber_pages:
            try:
                out.append(_plumber_page(page))
            finally:
                page.close()
        return out
    finally:
        pdf.close()


def _plumber_page(page) -> PageContent:
    from pdfplumber.table import TableFinder
    content = PageContent(page.page_number, float(page.width), float(page.height))
    try:
        chars = page.chars
        groups = []
        if chars:
            finder = TableFinder(page, TABLE_SETTINGS)
            groups = _with_boxes([list(t.cells) for t in finder.tables], finder.cells,
                                 content.width, content.height)
        images = [{k: float(im[k]) for k in ("x0", "x1", "top", "bottom")} for im in page.images]
    except Exception as exc:  # a broken content stream: keep the rest of the document
        content.error = _reason(exc)
        return content
    _fill_page(content, chars, groups, tuple(float(v) for v in page.bbox), len(images), images)
    return content


def _with_boxes(groups: list, cells: list, width: float, height: float) -> list:
    """Table cell groups plus each lone framed box as a table of its own.

    The table finder drops a table made of a single cell; a framed box (a Word table of
    one cell, often holding the whole narrative) is a table here too, unless it frames most
    of the page (a page border).
    """
    in_tables = {tuple(c) for g in groups for c in g}
    out = list(groups)
    for cell in cells:
        if tuple(cell) in in_tables:
            continue
        if cell[2] - cell[0] > 0.9 * width or cell[3] - cell[1] > 0.9 * height:
            continue
        out.append([cell])
    return out


def _fill_page(content: PageContent, chars: list, rect_groups: list, bbox: tuple,
               n_images: int, images: list = ()) -> None:
    """Distribute the page's characters over its tables' cells and its body lines.

    `images` (boxes) tell a scanned page that carries text in its margins only (the
    running header and page number of a Word document a scan was put into)."""
    pno = content.number
    x_lo, y_lo, x_hi, y_hi = bbox
    printable = []
    n_cid = 0
    for ch in chars:
        text = ch["text"]
        if not text or text.isspace():
            continue
        if ch["x1"] < x_lo or ch["x0"] > x_hi or ch["bottom"] < y_lo or ch["top"] > y_hi:
            continue  # outside the visible page
        if text.startswith("(cid:"):
            n_cid += 1
        printable.append(ch)
    content.n_chars, content.n_cid = len(printable), n_cid
    if len(printable) < MIN_PAGE_CHARS:
        content.n_images = n_images
    elif images and _margin_text_only(printable, images, bbox):
        content.n_images, content.margin_only = n_images, True

    raws = [RawTable(rects, pno) for rects in rect_groups]
    raws = [t for t in raws if t.cells]
    body = printable
    if raws:
        body = _into_cells(printable, raws)
        for t in raws:
            for cell in t.cells:
                if cell.chars:
                    cell.lines = make_lines(cell.chars, pno)
                    cell.chars = []
        # A lone ruled box (a one-cell table) only counts when something is printed in it.
        raws = [t for t in raws if len(t.cells) > 1 or t.cells[0].lines or _holds_table(t, raws)]
        raws = [find_nested(t) for t in raws]
        content.tables = nest_tables(raws)
        for k, t in enumerate(content.tables, 1):
            t.ref = (pno, k)
    content.lines = make_lines(body, pno)


def _margin_text_only(chars: list, images: list, bbox: tuple) -> bool:
    """An image covers most of the page and every character sits in the top or bottom
    band: a scan with a running header or a page number, not a page of text."""
    x_lo, y_lo, x_hi, y_hi = bbox
    width, height = x_hi - x_lo, y_hi - y_lo
    if width <= 0 or height <= 0:
        return False
    largest = max((min(im["x1"], x_hi) - max(im["x0"], x_lo)) * (min(im["bottom"], y_hi) - max(im["top"], y_lo))
                  for im in images)
    if largest < SCAN_COVER * width * height:
        return False
    top_band, bottom_band = y_lo + MARGIN_BAND * height, y_hi - MARGIN_BAND * height
    return all(not (top_band < (ch["top"] + ch["bottom"]) / 2.0 < bottom_band) for ch in chars)


def _into_cells(chars: list, tables: list) -> list:
    """Put each character into the innermost table cell under its centre; return the rest."""
    by_area = sorted(tables, key=lambda t: t.area)
    body = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) * 0.5
        cy = (ch["top"] + ch["bottom"]) * 0.5
        for t in by_area:
            b = t.bbox
            if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
                cell = t.cell_at(cx, cy)
                if cell is not None:
                    cell.chars.append(ch)
                    break
        else:
            body.append(ch)
    return body


def _holds_table(box: RawTable, tables: list) -> bool:
    b = box.bbox
    return any(t is not box and t.bbox[0] >= b[0] - 1 and t.bbox[1] >= b[1] - 1
               and t.bbox[2] <= b[2] + 1 and t.bbox[3] <= b[3] + 1 for t in tables)


def check_text_layer(pages: list) -> list:
    """Raise for a PDF with no usable text; return warnings for pages that failed."""
    if not pages:
        raise ParseError("PDF 没有任何页面")
    failed = [p for p in pages if p.error]
    if len(failed) == len(pages):
        raise ParseError(f"PDF 页面内容无法解析（{failed[0].error}），请重新导出或索取原件")
    text_pages = [p for p in pages if p.n_chars >= MIN_PAGE_CHARS and not p.margin_only]
    if not text_pages:
        if any(p.n_images for p in pages):
            raise ParseError(MSG_SCAN)
        raise ParseError(MSG_NO_TEXT)
    total = sum(p.n_chars for p in pages)
    if sum(p.n_cid for p in pages) > 0.3 * total:
        raise ParseError(MSG_CID)
    warnings = []
    if failed:
        warnings.append("第 %s 页内容无法解析，已跳过（%s）"
                        % ("、".join(str(p.number) for p in failed), failed[0].error))
    return warnings  # pages without text but with an image: `pdf_scan.read_scanned`

