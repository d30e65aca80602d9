"""Images of report pages (.png, .jpg/.jpeg, .tif/.tiff; a multi-page TIFF is one report)
and PDFs without a text layer, read by OCR into the document model (`parsers.ocr`).

Whether OCR runs is the caller's choice (`ocr_enabled`: on unless `JIXIAO_OCR` is `0`/`off`,
which `jixiao run --no-ocr` sets); a file that needs it when it is off, or on a machine
without an OCR engine, gets a one-line reason instead of being read.
"""
from __future__ import annotations

import os

from .model import Document, NotAReport, ParseError
from .ocr import DEFAULT_DPI, MSG_IMAGE_OFF, MSG_OCR_OFF, ocr_document

IMAGE_FORMATS = {"png", "jpeg", "tiff"}
MIN_DPI, MAX_DPI = 100, 600   # a resolution outside this is no scanner's: assume the default


def ocr_enabled() -> bool:
    return os.environ.get("JIXIAO_OCR", "on").strip().lower() not in ("0", "off", "no", "false")


def _grey_pages(img):
    """Every frame of a PIL image as a grey uint8 array."""
    import numpy as np
    from PIL import ImageSequence
    for frame in ImageSequence.Iterator(img):
        yield np.asarray(frame.convert("L"))


def image_dpi(img) -> float:
    dpi = img.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if MIN_DPI <= value <= MAX_DPI else DEFAULT_DPI


def parse_image(path: str, fmt: str = "png") -> Document:
    """Read an image file (all its frames) by OCR."""
    if not ocr_enabled():
        raise NotAReport(MSG_IMAGE_OFF.format(fmt=fmt.upper()))
    from PIL import Image, UnidentifiedImageError
    try:
        img = Image.open(path)
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise NotAReport(f"图片文件无法读取（{' '.join(str(exc).split())[:100]}），请重新扫描或导出") from exc
    with img:
        dpi = image_dpi(img)
        pages = list(_grey_pages(img))
    doc = ocr_document(pages, os.fspath(path), fmt, dpi)
    doc.ocr_pages = list(range(1, len(pages) + 1))
    return doc


def render_pdf_pages(path: str, dpi: float = DEFAULT_DPI, numbers=None):
    """The PDF's pages (all, or the 1-based `numbers`, in that order) rendered grey at
    `dpi` by pdfium, one 2-D uint8 array at a time."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(path)
    try:
        for i in ([n - 1 for n in numbers] if numbers is not None else range(len(doc))):
            page = doc[i]
            try:
                bitmap = page.render(scale=dpi / 72.0, grayscale=True)
                yield bitmap.to_numpy().copy().squeeze()
            finally:
                page.close()
    finally:
        doc.close()


def parse_scanned_pdf(path: str, dpi: float = DEFAULT_DPI) -> Document:
    """Render every page of a PDF with pdfium and read it by OCR."""
    if not ocr_enabled():
        raise ParseError(MSG_OCR_OFF)
    pages = list(render_pdf_pages(path, dpi))
    doc = ocr_document(pages, os.fspath(path), "pdf", dpi)
    doc.ocr_pages = list(range(1, len(pages) + 1))
    return doc
