"""Scanned pages inside a text PDF (a signed page, a scanned score sheet put into a
Word-exported file), read by OCR into the same page model as the text pages.

A page with no text layer but an image is rendered with pdfium at the OCR resolution and
read by `parsers.ocr.ocr_page`, which hands back the `PageContent` a text page would have
(lines and ruled tables in points): it replaces the empty one, so running headers, the
joining of a table continued across a text page and a scanned one, and paragraphs are
built by the PDF code as for any page. The characters it placed are kept per page for
`parsers.ocr.set_confidence`, which afterwards gives confidences to those pages' text only.

When OCR is off (`--no-ocr`), no engine is installed or the engine fails on a page, the page
stays empty and a warning names it and says why.
"""
from __future__ import annotations

MSG_PAGES_OCR = "第 {pages} 页没有文字层，已用 OCR 识别，请核对扫描件"
MSG_PAGES_LOST = "第 {pages} 页没有文字层（可能是扫描页），{why}，其内容未能提取"
WHY_OFF = "OCR 识别已关闭（--no-ocr）"
WHY_UNAVAILABLE = "本机未安装 OCR 组件（pip install rapidocr-onnxruntime，或安装 tesseract-ocr-chi-sim）"
WHY_NOTHING = "OCR 也未识别出文字"
WHY_FAILED = "OCR 识别出错（{reason}）"


def _pages_text(numbers) -> str:
    return "、".join(str(n) for n in numbers)


def scanned_pages(pages: list) -> list:
    """The pages without a text layer that show an image, or whose only text is in the
    margins of a page-sized image: what a scan looks like."""
    from .pdf_read import MIN_PAGE_CHARS
    return [p for p in pages if not p.error and p.n_images
            and (p.n_chars < MIN_PAGE_CHARS or p.margin_only)]


def _reader():
    """The OCR engine, or None when none is installed here."""
    from .ocr_engine import OcrUnavailable, engine, opencv_available
    if not opencv_available():
        return None
    try:
        return engine()
    except OcrUnavailable:
        return None


def read_scanned(path: str, pages: list, ocr: bool) -> tuple:
    """OCR the scanned pages of `pages` in place (the list of PageContent of a PDF).

    Returns (engine name or None, {page number: placed characters}, {page number: why it
    was not read}, warnings)."""
    todo = scanned_pages(pages)
    if not todo:
        return None, {}, {}, []
    numbers = [p.number for p in todo]
    if not ocr:
        return _result(None, {}, dict.fromkeys(numbers, WHY_OFF))
    reader = _reader()
    if reader is None:
        return _result(None, {}, dict.fromkeys(numbers, WHY_UNAVAILABLE))
    from .image import render_pdf_pages
    from .ocr import DEFAULT_DPI, ocr_page
    at = {p.number: i for i, p in enumerate(pages)}
    boxes, unread = {}, {}
    try:
        for p, gray in zip(todo, render_pdf_pages(path, DEFAULT_DPI, numbers)):
            try:
                content, placed = ocr_page(gray, DEFAULT_DPI, p.number, reader)
            except Exception as exc:  # an engine error on one page: the rest is read
                unread[p.number] = WHY_FAILED.format(reason=_reason(exc))
                continue
            if not content.n_chars:
                unread[p.number] = WHY_NOTHING
                continue
            # the page's own size, not the pixels' rounding of it: pages of one size
            # belong together (text columns, tables continued across the page break)
            content.width, content.height = p.width, p.height
            pages[at[p.number]] = content
            boxes[p.number] = placed
    except Exception as exc:  # rendering failed: the pages not read yet stay empty
        why = WHY_FAILED.format(reason=_reason(exc))
        unread.update({n: why for n in numbers if n not in boxes and n not in unread})
    return _result(reader.name if boxes else None, boxes, dict(sorted(unread.items())))


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:100] or type(exc).__name__


def _result(name, boxes: dict, unread: dict) -> tuple:
    """(name, boxes, unread, warnings): one warning for the pages read, one for each
    reason pages were not read."""
    warnings = []
    if boxes:
        warnings.append(MSG_PAGES_OCR.format(pages=_pages_text(sorted(boxes))))
    by_why = {}
    for number, why in unread.items():
        by_why.setdefault(why, []).append(number)
    for why, numbers in by_why.items():
        warnings.append(MSG_PAGES_LOST.format(pages=_pages_text(numbers), why=why))
    return name, boxes, unread, warnings
