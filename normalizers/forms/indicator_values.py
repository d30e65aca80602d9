"""Indicator values as printed in a 自评表: `≥50个`, `≤90万元`, `100%`, `不低于95%`, `达成预期指标`.

A value cell of the 绩效指标 grid holds free text. When the text is an operator, a number
and a short unit (in any of the spellings of `data/indicator_values.csv`), it gives
(operator, number, unit); anything else (`达成预期指标`, `效果明显`, `2022年12月底前`) gives
no number and the text is kept as printed. The spellings are data so that a bureau can add
the ones its units use.
"""
from __future__ import annotations

import csv
import functools
import os
import re
from dataclasses import dataclass
from typing import Optional

from ..text import nfkc, squash

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "indicator_values.csv")
NUM = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
# a unit is a short run of non-digit, non-operator characters (个, 万元, %, 人次, 天, 平方米)
UNIT = r"[^\d\s<>=≥≤≦≧.,:;()（）]{1,5}"


@dataclass(frozen=True)
class IndicatorValue:
    operator: str                 # >= <= = > < or ''
    value: Optional[float]        # the number, when the text is one
    unit: str                     # as canonicalised by data/indicator_values.csv ('' if none)
    decimals: int = 0             # decimals printed (to compare at the printed precision)


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    out = {"prefix": {}, "suffix": {}, "unit": {}, "not_unit": {}, "not_unit_end": {}}
    with open(DATA, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["kind"]][squash(row["spelling"])] = row["canonical"]
    return out


@functools.lru_cache(maxsize=1)
def _pattern():
    t = _table()
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^(?P<op>{alt(t['prefix'])})?(?P<num>{NUM})(?P<unit>(?:{UNIT})?)"
                      rf"(?P<suffix>{alt(t['suffix'])})?$")


def operator_of(text: str) -> str:
    """The operator a 指标性质 cell or a value's prefix states (`≥`, `不低于`, `＝`), or ''."""
    key = squash(text)
    t = _table()
    for word in sorted(t["prefix"], key=len, reverse=True):
        if key.startswith(word):
            return t["prefix"][word]
    return ""


@functools.lru_cache(maxsize=16384)
def parse_value(text: str) -> IndicatorValue:
    """(operator, number, unit) of one value cell; text without a number gives value None."""
    key = squash(nfkc(text or "")).rstrip("。；;，,")
    t = _table()
    m = _pattern().match(key)
    if not m:
        return IndicatorValue(operator_of(key), None, "")
    unit = m.group("unit") or ""
    suffix_op = t["suffix"].get(m.group("suffix") or "", "")
    if unit and unit not in t["unit"] and any(unit.endswith(s) for s in t["suffix"]):
        # `95%以上` caught whole by the unit pattern: split the suffix off again
        for s in sorted(t["suffix"], key=len, reverse=True):
            if unit.endswith(s):
                unit, suffix_op = unit[: -len(s)], t["suffix"][s]
                break
    op = t["prefix"].get(m.group("op") or "", "") or suffix_op
    if (unit in t["not_unit"] and not op) or any(unit.endswith(w) for w in t["not_unit_end"]):
        return IndicatorValue(operator_of(key), None, "")  # a date, not a quantity
    number = m.group("num").replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return IndicatorValue(op, float(number), t["unit"].get(unit, unit), decimals)


def misses(op: str, target: float, actual: float) -> bool:
    """Whether an actual value falls short of its target under the operator (`''` as `>=`)."""
    eps = 1e-9
    return {
        ">=": actual < target - eps, "": actual < target - eps, ">": actual <= target + eps,
        "<=": actual > target + eps, "<": actual >= target - eps, "=": abs(actual - target) > eps,
    }.get(op, False)
