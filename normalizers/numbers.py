"""Every way a figure is printed, to a number (or to a reason it is not one).

Handles `1,082.00`, full-width `７９２．５２`, `96%`, digits split by spaces or line
breaks (`968.191 8`, `95.\n10%`), units glued on (`2.5万元`), and the placeholders that
mean "nothing here" (blank, `—`, `-`, `/`, `无`, `……`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from .text import squash

PLACEHOLDERS = {"", "-", "--", "—", "——", "–", "/", "\\", "无", "……", "...", "…", "*", "x", "X",
                "空", "不适用", "#"}
# What OCR makes of a dash placeholder (— and —— read as the CJK 一 or 二, a low line): only
# for a cell read from a scan, where a real 一 or 二 is no figure either.
OCR_DASHES = {"一", "一一", "二", "_", "__", "~", "ー", "丨"}
# A middle dot between digits is a decimal point (`120·00`: typed so, or a scan's reading).
DOT_RE = re.compile(r"(?<=\d)[·•∙・](?=\d)")
UNIT_FACTORS = {"万元": 1.0, "元": 1e-4, "亿元": 1e4, "千元": 0.1, "万": 1.0}
NUMBER_RE = re.compile(r"^(?P<sign>[-+−]?)(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?P<unit>万元|亿元|千元|元|万|%|分|人|名)?$")


@dataclass(frozen=True)
class Number:
    value: Optional[float]
    kind: str            # number | percent | blank | placeholder | text
    unit: Optional[str] = None
    text: str = ""

    @property
    def is_value(self) -> bool:
        return self.value is not None


@functools.lru_cache(maxsize=65536)
def parse_number(text: str) -> Number:
    """Parse one cell's text; never raises. (Cached: treat the result as read-only.)"""
    raw = text or ""
    key = DOT_RE.sub(".", squash(raw).replace("−", "-").replace("，", ","))
    if key in PLACEHOLDERS:
        return Number(None, "blank" if key == "" else "placeholder", text=raw)
    if key.startswith("(") and key.endswith(")") and NUMBER_RE.match(key[1:-1]):
        inner = parse_number(key[1:-1])
        return Number(-inner.value, inner.kind, inner.unit, raw)
    m = NUMBER_RE.match(key)
    if not m:
        return Number(None, "text", text=raw)
    value = float(m.group("num").replace(",", ""))
    if m.group("sign") in ("-", "−"):
        value = -value
    unit = m.group("unit")
    return Number(value, "percent" if unit == "%" else "number", unit, raw)


def cell_number(cell) -> Number:
    """`parse_number` of a table cell; in a cell read by OCR (it has a confidence) a dash
    the engine took for 一 or 二 is the placeholder it was printed as."""
    num = parse_number(cell.text)
    if num.kind == "text" and getattr(cell, "confidence", None) is not None \
            and squash(cell.text) in OCR_DASHES:
        return Number(None, "placeholder", text=cell.text)
    return num


def to_wanyuan(value: float, unit: Optional[str]) -> float:
    """Money in the canonical unit 万元 (rounded to 6 decimals to keep floats tidy)."""
    return round(value * UNIT_FACTORS.get(unit or "万元", 1.0), 6)


UNIT_IN_TEXT_RE = re.compile(r"(?:单位|金额单位)[:：]?\s*(万元|亿元|千元|元)|[(（]\s*(万元|亿元|千元|元)\s*[)）]")


def unit_in(text: str) -> Optional[str]:
    """The money unit a caption or header states (`（万元）`, `单位：元`), if any."""
    m = UNIT_IN_TEXT_RE.search(squash(text))
    return (m.group(1) or m.group(2)) if m else None
