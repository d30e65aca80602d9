"""Folding printed labels to comparable keys.

Reports spell the same label with full-width or half-width brackets, inner spaces
(`投  入`), line breaks (`公共财\n政拨款`), curly or straight quotes, and unit captions
(`（万元）`). `fold` removes all of that so that a dictionary lookup sees one key.
"""
from __future__ import annotations

import functools
import re
import unicodedata

QUOTES = "“”\"'‘’「」『』〝〞＂"
WS_RE = re.compile(r"\s+")
UNIT_SUFFIX_RE = re.compile(r"\((万元|元|亿元|人|个|%|分)\)$")
# `（15分）`; a bracket missing on one side (a typo, or a thin glyph a scan lost) only at
# the end of the label: `过程(40分`, `过程40分)`.
POINTS_RE = re.compile(r"\((\d+(?:\.\d+)?)分\)|\((\d+(?:\.\d+)?)分$|(?<=[^\d.(])(\d+(?:\.\d+)?)分\)$")
ENUM_PREFIX_RE = re.compile(r"^(?:\d{1,2}[、.](?!\d)|[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]{1,3}、)")
LEAD_WORDS_RE = re.compile(r"^(?:(?:其中|含)[:：]?|结余[:：])")


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation to their plain forms."""
    return unicodedata.normalize("NFKC", text or "")


@functools.lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """NFKC and no whitespace at all (line breaks, inner spaces, ideographic spaces)."""
    return WS_RE.sub("", nfkc(text))


DROP_QUOTES = {ord(c): None for c in QUOTES}


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching key of a label: squashed, quotes and trailing colons and units removed."""
    key = squash(text)
    key = key.translate(DROP_QUOTES)
    key = key.replace("〈", "(").replace("〉", ")").replace("[", "(").replace("]", ")")
    key = key.rstrip(":;,.。、")
    key = UNIT_SUFFIX_RE.sub("", key)
    return key


@functools.lru_cache(maxsize=65536)
def fold_label(text: str) -> str:
    """Like fold, also dropping a leading enumeration (`1、`) and `其中：`."""
    key = fold(text)
    key = LEAD_WORDS_RE.sub("", key)
    key = ENUM_PREFIX_RE.sub("", key)
    return key


def split_points(text: str):
    """`投  入\n（15分）` → ('投入', 15.0); labels without points give (label, None)."""
    key = squash(text)
    m = POINTS_RE.search(key)
    points = float(next(g for g in m.groups() if g)) if m else None
    label = POINTS_RE.sub("", key).strip()
    return label, points


def clean(text: str) -> str:
    """Text as written, trimmed, with runs of blank lines collapsed (for text columns)."""
    lines = [ln.strip() for ln in (text or "").replace("\r", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln)
