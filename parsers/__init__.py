"""Files to the format-neutral document model (`parsers.model`); no domain knowledge here.

`parse(path)` sniffs the real type from the bytes, not the suffix, and dispatches to the
reader for that format: DOCX, PDF, XLSX, HTML/MHT; legacy Word formats and .xls/.ods go
through LibreOffice first (to DOCX, to XLSX).
"""
from __future__ import annotations

from .layout import join_split_tables
from .model import Cell, Document, NotAReport, Paragraph, ParseError, Table
from .sniff import describe_unsupported, sniff

LEGACY = {"doc", "wps", "rtf"}
LEGACY_SHEETS = {"xls", "ods"}


def parse(path: str, fmt: str | None = None) -> Document:
    """Read one file into a Document; raise ParseError/NotAReport with a one-line reason."""
    fmt = fmt or sniff(path)
    if fmt == "docx":
        from .docx import parse_docx
        doc = parse_docx(path)
    elif fmt == "pdf":
        doc = _parse_pdf_or_scan(path)
    elif fmt in ("png", "jpeg", "tiff"):
        from .image import parse_image
        doc = parse_image(path, fmt)
    elif fmt in LEGACY:
        from .convert import converted
        from .docx import parse_docx
        with converted(path, fmt) as docx_path:
            doc = parse_docx(docx_path)
        doc.format, doc.source = fmt, path
    elif fmt == "xlsx":
        from .xlsx import parse_xlsx
        doc = parse_xlsx(path)
    elif fmt in LEGACY_SHEETS:
        from .convert import converted
        from .xlsx import parse_xlsx
        with converted(path, fmt) as xlsx_path:
            doc = parse_xlsx(xlsx_path, fmt)
        doc.source = path
    elif fmt == "html":
        from .html import parse_html
        doc = parse_html(path)
    else:
        raise NotAReport(describe_unsupported(fmt, path))
    doc.blocks = join_split_tables(doc.blocks)
    return doc


def _parse_pdf_or_scan(path: str) -> Document:
    """A PDF by its text layer; one without (a scan, glyphs without text) by OCR."""
    from .pdf import MSG_CID, MSG_NO_TEXT, MSG_SCAN, parse_pdf
    try:
        return parse_pdf(path)
    except ParseError as exc:
        if str(exc) not in (MSG_SCAN, MSG_NO_TEXT, MSG_CID):
            raise
    from .image import parse_scanned_pdf
    return parse_scanned_pdf(path)


__all__ = ["parse", "sniff", "Document", "Paragraph", "Table", "Cell", "ParseError", "NotAReport"]
