"""Report-level fields that are not in a table: the budget year and where it came from.

The year is taken from the cover or title (`2022年度…自评报告`), else from the narrative
(the year it mentions most), else from the file name; `year_source` says which, because a
year that was inferred is not the same as a year that was printed.
"""
from __future__ import annotations

import os
import re
from collections import Counter

from parsers.model import Document

from .text import nfkc, squash

TITLE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度")
TITLE_WORDS = ("自评报告", "整体支出", "绩效评价", "自评表")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
FILE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def find_year(doc: Document, sections: list, source_file: str):
    """(year, source) or (None, '')."""
    for line in _title_lines(doc):
        m = TITLE_YEAR_RE.search(squash(line))
        if m:
            return int(m.group(1)), "cover"
    counts = Counter()
    for s in sections:
        for text in (s["heading"], s["text"]):
            counts.update(int(y) for y in YEAR_RE.findall(nfkc(text or "")))
    if counts:
        return counts.most_common(1)[0][0], "narrative"
    m = FILE_YEAR_RE.search(os.path.basename(source_file.split("!/")[-1]))
    if m:
        return int(m.group(1)), "filename"
    return None, ""


def _title_lines(doc: Document):
    n = 0
    for text in doc.text_lines():
        for line in (text or "").split("\n"):
            if not line.strip():
                continue
            n += 1
            if n > 60:
                return
            if any(w in squash(line) for w in TITLE_WORDS) and len(squash(line)) < 60:
                yield line
