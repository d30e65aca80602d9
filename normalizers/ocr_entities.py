"""One spelling per 机构名称 across a scan's tables (`harmonize_entities`).

The same entity heads a row in the income, expenditure, 三公经费 and fixed-assets tables;
OCR may misread its label in one of them (`1局机关` for `1、局机关`, a lone thin digit on a
wrapped line lost: `2、二级机构` for `2、二级机构1`), which would make that table's figures
another entity's. `mark_ocr` calls this after marking the OCR facts.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

OCR = "ocr"
# Punctuation of a list number (`1、`, `1.`) that OCR drops or swaps in an entity label.
ENTITY_PUNCT_RE = re.compile(r"[、.．,，:：·\s]")
LIST_NUMBER_RE = re.compile(r"^(\d{1,2})([、.．])")
BARE_NUMBER_RE = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])")
MIN_STYLE = 3    # entities numbered alike that make the report's list style
MIN_ENTITY = 4   # characters: shorter labels differ by one glyph legitimately (局机关/局机关1)


def _entity_key(name: str) -> str:
    return ENTITY_PUNCT_RE.sub("", unicodedata.normalize("NFKC", name))


def _one_glyph_lost(a: str, b: str) -> bool:
    """`b` is `a` with one character left out (a thin glyph on a wrapped line of a scan)."""
    if len(a) != len(b) + 1 or len(b) < MIN_ENTITY:
        return False
    return any(a[:i] + a[i + 1:] == b for i in range(len(a)))


def same_entity(a: str, b: str) -> bool:
    """Two OCR readings of one 机构名称: equal but for list-number punctuation, or one glyph
    lost in one of them."""
    ka, kb = _entity_key(a), _entity_key(b)
    return ka == kb or _one_glyph_lost(ka, kb) or _one_glyph_lost(kb, ka)


def harmonize_entities(report) -> None:
    """One spelling per entity across the report's tables, by vote.

    The same 机构名称 heads a row in the income, expenditure, 三公经费 and fixed-assets
    tables; OCR may misread it in one of them (`1局机关` for `1、局机关`), which would make
    that table's figures another entity's. Readings that are the same entity
    (`same_entity`) and never stand in one table together take the spelling read in the
    most tables (a tie: the longer one, as OCR loses glyphs more often than it adds them).
    Facts from a text layer vote but keep their spelling."""
    tables = defaultdict(set)
    for f in report.facts:
        if f.entity:
            tables[f.entity].add(f.table)
    spelling, chosen = {}, []
    for name in sorted(tables, key=lambda n: (-len(tables[n]), -len(n), n)):
        spelling[name] = next((c for c in chosen if same_entity(c, name)
                               and not tables[c] & tables[name]), name)
        if spelling[name] == name:
            chosen.append(name)
        else:
            tables[spelling[name]] |= tables[name]
    mark = _list_style(chosen)
    for f in report.facts:
        if f.match == OCR and f.entity:
            f.entity = spelling.get(f.entity, f.entity)
            if mark:
                f.entity = BARE_NUMBER_RE.sub(lambda m: m.group(1) + mark, f.entity, count=1)


def _list_style(names: list) -> str:
    """The mark after the list number of the report's numbered entities (`1、局机关`), when
    at least `MIN_STYLE` of them agree: an entity read as `24区…` lost it on the scan."""
    marks = [m.group(2) for m in map(LIST_NUMBER_RE.match, names) if m]
    if len(marks) < MIN_STYLE:
        return ""
    best = max(set(marks), key=marks.count)
    return best if marks.count(best) >= 0.8 * len(marks) else ""
