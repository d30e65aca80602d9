"""Scanned pages → the same document model a text PDF gives, each text with its OCR confidence.

A page image is straightened (`ocr_layout.deskew`), its ruled tables' cells are found from
the ruling lines (`ocr_layout.table_cells`), and the OCR engine (`ocr_engine`) reads its
text lines. Each text line becomes positioned characters in points (its box shared out
over its characters, a CJK character as wide as two digits), and from there the page goes
through exactly the code a text PDF goes through (`pdf_read._fill_page`, then running
headers, paragraphs, tables joined across pages in `parsers.pdf`): a scan of a report
reads like the report. Characters are placed where the engine says it read them (RapidOCR
gives a box per character), so a text line the detector ran across a cell border is cut
there. Afterwards every paragraph (in the body and in cells) gets the lowest confidence of
the characters inside it, and every cell the lowest of its paragraphs.

An amount wrapped in a narrow cell (`280.0` over `0`) is two text lines for the engine and
one number here, by the same line-joining rules as in a PDF.
"""
from __future__ import annotations

from .model import Document, NotAReport, Paragraph, ParseError, Table
from .ocr_engine import MSG_UNAVAILABLE, OcrUnavailable, TextBox, engine, opencv_available
from .pdf_read import PageContent, _fill_page

DEFAULT_DPI = 200
NARROW = 0.55      # width of a digit or Latin letter, in CJK character widths
LINE_TO_SIZE = 0.8  # a text line box is this much taller than its font size
TIGHT_GAP = 0.3     # of the line height: a smaller gap inside one read run is no space
# Full-width punctuation is inked on one side of its square: an opening mark on the right
# (“ （ 《), a closing one on the left (” ， 。). A text line box is as wide as the ink, so a
# line that starts or ends with one is half a character wider in print than on the scan.
OPEN_MARKS = set("“‘（《「『【〔〈")
CLOSE_MARKS = set("”’）》」』】〕〉，。、；：？！\"")
INK_DROP = 0.14    # of the font size: how far a line's ink middle is below its PDF box's
HALF_MARK = 0.2     # of the font size: the blank half of such a mark's square

MSG_NOTHING_PDF = "PDF 没有文字层（可能是扫描件），OCR 也未识别出文字（图像可能空白或过于模糊），请提供清晰的扫描件或原件"
MSG_NOTHING_IMAGE = "图片文件（{fmt}）中 OCR 未识别出文字，不是可解析的报告（图像可能空白或过于模糊）"
MSG_OCR_OFF = "PDF 没有文字层（可能是扫描件），OCR 识别已关闭（--no-ocr），未读取"
MSG_IMAGE_OFF = "图片文件（{fmt}），OCR 识别已关闭（--no-ocr），未读取"


def _weight(ch: str) -> float:
    return NARROW if ord(ch) < 0x2000 else 1.0


def _spread(x0: float, x1: float, text: str, confidence: float) -> list:
    """(x0, x1, char, confidence) for each character of a run, its width shared out."""
    total = sum(_weight(ch) for ch in text)
    unit = (x1 - x0) / total if total else 0.0
    out, x = [], x0
    for ch in text:
        w = _weight(ch) * unit
        out.append((x, x + w, ch, confidence))
        x += w
    return out


def box_chars(box: TextBox, scale: float, usual_height: float = 0.0) -> list:
    """The characters of one OCR text line as pdfplumber-like dicts in points.

    A line box is as tall as the ink in it: a line of digits only ("0") is lower than a
    line of CJK text of the same size. So no line is taken for smaller than the page's
    usual line (`usual_height`, pixels), or a wrapped number would look like a font change.
    """
    if box.words:
        pieces = [p for x0, x1, text, conf in box.words
                  for p in _spread(x0, x1, "".join(text.split()), conf)]
    else:
        pieces = _spread(box.x0, box.x1, "".join(box.text.split()), box.confidence)
    if not pieces:
        return []
    height = max(box.bottom - box.top, usual_height)
    middle = (box.top + box.bottom) / 2.0
    top, bottom = (middle - height / 2.0) * scale, (middle + height / 2.0) * scale
    size = max(1.0, (bottom - top) * LINE_TO_SIZE)
    pad = (bottom - top - size) / 2.0
    # a text PDF's character box sits higher than the ink's middle (it holds the descent)
    top, bottom = top - INK_DROP * size, bottom - INK_DROP * size
    # characters read as one run touch: a small gap between two of them is the engine's
    # box drawing, not a space (that would split 792.52 into 792.5 and 2)
    close = TIGHT_GAP * (box.bottom - box.top)
    for i in range(len(pieces) - 1):
        x0, x1, ch, conf = pieces[i]
        nxt = pieces[i + 1][0]
        if x1 < nxt <= x1 + close:
            pieces[i] = (x0, nxt, ch, conf)
    _to_em_box(pieces, size / scale)
    return [{"text": ch, "x0": x0 * scale, "x1": x1 * scale, "top": top + pad,
             "bottom": bottom - pad, "size": size, "confidence": conf}
            for x0, x1, ch, conf in pieces]


def _to_em_box(pieces: list, size: float) -> None:
    """Widen a line's first and last character to their printed square when they are
    full-width marks inked on one side (`OPEN_MARKS`, `CLOSE_MARKS`): the line then ends
    where the text PDF's would, which the line-joining rules measure."""
    x0, x1, ch, conf = pieces[0]
    if ch in OPEN_MARKS:
        pieces[0] = (x0 - HALF_MARK * size, x1, ch, conf)
    x0, x1, ch, conf = pieces[-1]
    if ch in CLOSE_MARKS and (ch != '"' or len(pieces) > 1 and ord(pieces[-2][2]) >= 0x2E80):
        pieces[-1] = (x0, x1 + HALF_MARK * size, ch, conf)


def ocr_page(gray, dpi: float, number: int, reader=None) -> tuple:
    """(PageContent, characters as (x0, top, x1, bottom, confidence, text) in points) for
    one page image (2-D uint8 array)."""
    from .ocr_layout import binarize, deskew, table_cells
    reader = reader or engine()
    gray, _angle = deskew(gray)
    scale = 72.0 / dpi
    h, w = gray.shape
    content = PageContent(number, w * scale, h * scale)
    groups = table_cells(binarize(gray), dpi)
    boxes = reader.read(gray)
    heights = sorted(b.bottom - b.top for b in boxes)
    usual = heights[len(heights) // 2] if heights else 0.0
    chars = [ch for b in boxes for ch in box_chars(b, scale, usual)]
    _fill_page(content, chars, groups, (0.0, 0.0, content.width, content.height), 1)
    placed = [(ch["x0"], ch["top"], ch["x1"], ch["bottom"], ch["confidence"], ch["text"])
              for ch in chars]
    return content, placed


def ocr_document(images, source: str, fmt: str, dpi: float = DEFAULT_DPI) -> Document:
    """Read page images (grey uint8 arrays, in page order) into a Document."""
    from .pdf import assemble, number_tables, strip_running_lines
    if not opencv_available():
        raise OcrUnavailable(MSG_UNAVAILABLE)
    reader = engine()
    pages, boxes = [], {}
    for number, gray in enumerate(images, 1):
        content, placed = ocr_page(gray, dpi, number, reader)
        pages.append(content)
        boxes[number] = placed
    if not any(p.n_chars for p in pages):
        if fmt == "pdf":
            raise ParseError(MSG_NOTHING_PDF)
        raise NotAReport(MSG_NOTHING_IMAGE.format(fmt=fmt.upper()))
    scanned = frozenset(p.number for p in pages)  # every page: misread headers allowed for
    strip_running_lines(pages, scanned)
    blocks = assemble(pages, scanned)
    number_tables(blocks)
    set_confidence(blocks, boxes)
    warnings = [f"第 {p.number} 页没有识别出文字" for p in pages if not p.n_chars]
    return Document(blocks=blocks, source=source, format=fmt, n_pages=len(pages),
                    warnings=warnings, ocr=reader.name)


def _inside(bbox: tuple, box: tuple) -> bool:
    cx, cy = (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _paragraph_confidence(p: Paragraph, boxes: dict) -> None:
    """Set the paragraph's confidence (its least sure character) and its characters'
    confidences in reading order (lines top to bottom, characters left to right)."""
    if not p.bbox or p.page not in boxes:
        return
    hits = [b for b in boxes[p.page] if _inside(p.bbox, b)]
    if not hits:
        return
    p.confidence = round(min(b[4] for b in hits), 4)
    hits.sort(key=lambda b: (round(b[1], 1), b[0]))
    p.char_confidence = tuple((b[5], round(b[4], 4)) for b in hits)


def set_confidence(blocks: list, boxes: dict) -> None:
    """Each paragraph: the lowest confidence of the text lines in it; each cell: the lowest
    of its paragraphs (a cell's figure is as sure as its least sure line)."""
    def visit_table(t: Table) -> None:
        for cell in t.cells:
            values = []
            for p in cell.paragraphs:
                if isinstance(p, Paragraph):
                    _paragraph_confidence(p, boxes)
                    if p.confidence is not None:
                        values.append(p.confidence)
            cell.confidence = min(values) if values else None
            for inner in cell.tables:
                visit_table(inner)

    for b in blocks:
        if isinstance(b, Table):
            visit_table(b)
        elif isinstance(b, Paragraph):
            _paragraph_confidence(b, boxes)
