"""Facts read from a scan: marked as OCR, with their confidence, and checked for it.

`mark_ocr` runs after the readers on a document whose text came from OCR (`doc.ocr`):
every fact read by OCR gets `match` = `ocr` and the confidence of the cell it was read
from (the lowest confidence of the cell's characters), or of its own characters in the
paragraph that holds its text for a fact read from the narrative (its location then starts
with the page, so a person knows where to look on the scan). In a text PDF with scanned
pages (`doc.ocr_pages`) only the facts of those pages are OCR facts; the others keep
their match and have no confidence.

Reconciliation rule kinds (rows in `data/rules-ocr.csv`) make sure an uncertain number is
never silently wrong, and a page read by OCR or not read at all is never silent either:

- `ocr_confidence`: an OCR fact read with a confidence below the rule's `tolerance`
  column (the lowest confidence that passes) is a finding;
- `ocr_sum`: every `sum` rule of the rule table is evaluated on the OCR facts, and a
  total that does not add up, with a figure read by OCR among its total and parts, is a
  finding naming the total's and the parts' cells; on a scan the likely cause is a
  misread digit, so the message says to check the scan;
- `ocr_pages`: the scanned pages of a text PDF that were read by OCR (one finding);
- `ocr_unread`: pages without a text layer whose content was not read, and why.
"""
from __future__ import annotations

import re

from parsers.model import Document, Paragraph, Table

from .ocr_entities import harmonize_entities

OCR = "ocr"
PAGE_RE = re.compile(r"第(\d+)页")


def _cell_confidences(views) -> dict:
    """{location string: confidence} for every slot of every table view."""
    out = {}
    for view in views:
        grid = view.table.filled()
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is not None and cell.confidence is not None:
                    out.setdefault(view.location(r, c), cell.confidence)
    return out


def _paragraphs(doc: Document):
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for t in block.walk_tables():
                for cell in t.cells:
                    yield from (p for p in cell.paragraphs if isinstance(p, Paragraph))


def _holders(doc: Document, text: str, only_ocr: bool = True) -> list:
    """(confidence, page) of each paragraph holding `text` (squashed): the lowest of its
    own characters' (or the paragraph's, when they cannot be lined up). `only_ocr`: only
    paragraphs read by OCR (those with a confidence)."""
    needle = "".join((text or "").split())
    if not needle:
        return []
    plain = _plain(needle)
    hits = []
    for p in _paragraphs(doc):
        if only_ocr and p.confidence is None:
            continue
        squashed = "".join(p.text.split())
        if needle not in squashed and plain not in _plain(squashed):
            continue
        conf = p.confidence
        if conf is not None and p.char_confidence:
            seq = "".join(ch for ch, _c in p.char_confidence)
            at = seq.find(needle)
            if at >= 0:
                conf = min(c for _ch, c in p.char_confidence[at:at + len(needle)])
        hits.append((conf, p.page))
    return hits


def _plain(text: str) -> str:
    """Text as the narrative reader matches it (NFKC, quotes dropped): a fact's `text_raw`
    is a piece of that."""
    from .narrative import QUOTES
    from .text import nfkc
    return nfkc(text).translate({ord(c): None for c in QUOTES})


def _text_confidence(doc: Document, text: str):
    """(confidence, page) of `text` where a paragraph read by OCR holds it (the least sure
    one); None when none does."""
    hits = _holders(doc, text)
    return min(hits, key=lambda h: h[0]) if hits else None


def _page_of(location: str):
    m = PAGE_RE.match(location or "")
    return int(m.group(1)) if m else None


def _from_scan(fact, doc: Document, pages: set, cell_conf) -> bool:
    """Was the fact read from a page read by OCR (in a text PDF with scanned pages)?

    A table fact: its cell holds OCR'd text, or its location names such a page. A fact of
    the narrative: every paragraph that holds its text is on such a page (the text layer
    wins when a text page prints it too)."""
    if cell_conf is not None and fact.table != "narrative":
        return True
    page = _page_of(fact.location)
    if page is not None:
        return page in pages
    holders = _holders(doc, fact.text_raw, only_ocr=False)
    return bool(holders) and all(pg in pages for _c, pg in holders)


def mark_ocr(reports: list, doc: Document, views: list) -> None:
    """Set `match` and `confidence` on every fact read by OCR: all the facts of a scan,
    those of the scanned pages of a text PDF (`doc.ocr_pages`). Each report also notes
    the scanned pages of a text PDF and the pages that could not be read, for the
    `ocr_pages` and `ocr_unread` rules."""
    pages = set(doc.ocr_pages) if doc.ocr else set()
    whole = bool(doc.ocr) and (not pages or pages >= set(range(1, (doc.n_pages or 0) + 1)))
    for report in reports:
        report.scanned_pages = [] if whole else sorted(pages)
        report.unread_pages = dict(doc.unread_pages)
    if not doc.ocr:
        return
    by_location = _cell_confidences(views)
    known = [p.confidence for p in _paragraphs(doc) if p.confidence is not None]
    floor = min(known) if known else 0.0
    for report in reports:
        for fact in report.facts:
            conf = by_location.get(fact.location)
            if not whole and not _from_scan(fact, doc, pages, conf):
                continue  # read from the text layer
            fact.match = OCR
            if conf is None or fact.table == "narrative":
                found = _text_confidence(doc, fact.text_raw)
                if found is not None:
                    conf, page = found
                    if page and not fact.location.startswith("第"):
                        fact.location = f"第{page}页 {fact.location}"  # where to look on the scan
            fact.confidence = round(conf if conf is not None else floor, 4)
        harmonize_entities(report)


# --- reconciliation rule kinds ---------------------------------------------------------
def check_ocr_confidence(rule, report) -> list:
    from .labels import dictionary
    from .reconcile import _finding, fmt
    names = dictionary().name
    out = []
    for f in report.facts:
        if f.match != OCR or f.confidence is None or f.confidence >= rule["tolerance"]:
            continue
        out.append(_finding(rule, rule["severity"], [f.field], f.location, actual=f.value,
                            entity=f.entity or "报告",
                            field_name=f.label_raw or names(f.field),
                            value=fmt(f.value), confidence=f"{f.confidence:.2f}",
                            where=f.location))
    return out


def check_ocr_sum(rule, report) -> list:
    from .reconcile import _finding, check_sum, rules
    read = {f.location for f in report.facts if f.match == OCR}
    if not read:
        return []
    out = []
    for sum_rule in rules():
        if sum_rule["kind"] != "sum":
            continue
        for broken in check_sum(sum_rule, report):
            if read.isdisjoint(broken.location.split("; ")):
                continue  # all its figures are from the text layer: no misread digit
            out.append(_finding(rule, rule["severity"], broken.fields, broken.location,
                                broken.expected, broken.actual, rule_name=sum_rule["rule"],
                                detail=broken.message, where=broken.location))
    return out


def _page_list(numbers) -> str:
    return "、".join(str(n) for n in numbers)


def check_ocr_pages(rule, report) -> list:
    """The scanned pages of a text PDF, read by OCR: one finding naming them."""
    if not report.scanned_pages:
        return []
    from .reconcile import _finding
    pages = _page_list(report.scanned_pages)
    return [_finding(rule, rule["severity"], [], f"第{pages}页", pages=pages)]


def check_ocr_unread(rule, report) -> list:
    """Pages without a text layer that were not read (OCR off, no engine, nothing read):
    one finding per reason, naming the pages."""
    from .reconcile import _finding
    by_why = {}
    for number, why in sorted(report.unread_pages.items()):
        by_why.setdefault(why, []).append(number)
    return [_finding(rule, rule["severity"], [], f"第{_page_list(n)}页", pages=_page_list(n), why=why)
            for why, n in by_why.items()]


CHECKERS = {"ocr_confidence": check_ocr_confidence, "ocr_sum": check_ocr_sum,
            "ocr_pages": check_ocr_pages, "ocr_unread": check_ocr_unread}
