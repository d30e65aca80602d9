"""Figures stated in the narrative: `人员经费支出618.79万元`, `在职36人，退休72人`.

Labels and their unit kind are data (`data/narrative.csv`). A figure counts only when the
number follows its label directly (a few linking characters such as 为/共/达 allowed) and
carries a unit of the right kind: money in 万元/元/亿元, staff in 人/名.
"""
from __future__ import annotations

import csv
import functools
import os
import re

from .labels import dictionary
from .numbers import to_wanyuan
from .report import Fact
from .text import nfkc

QUOTES = "“”\"'‘’「」"
LINK = r"(?:总额|总数|合计|共计|总计|为|是|共|计|达到|达|约|：|:|\s){0,3}"
MONEY_TABLES = ("income", "expenditure", "three_public", "fixed_assets")
NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
PRIOR_YEAR_RE = re.compile(r"(上年|去年|上一年|上年度|同期)(同期)?$")
UNITS = {"money": r"(万元|亿元|元)", "staff": r"(人|名)"}


def _label_rows():
    """Narrative spellings (data/narrative.csv) plus every table spelling of the same fields."""
    path = os.path.join(os.path.dirname(__file__), "data", "narrative.csv")
    with open(path, encoding="utf-8") as fh:
        rows = [(r["field"], r["label"], r["unit_kind"]) for r in csv.DictReader(fh)]
    for e in dictionary().entries:
        if e.context_only:
            continue
        if e.table in MONEY_TABLES:
            rows.append((e.field, e.label, "money"))
        elif e.table == "basic_info":
            rows.append((e.field, e.label, "staff"))
    seen, out = set(), []
    for field, label, kind in rows:
        key = (nfkc(label), kind)
        if key not in seen:
            seen.add(key)
            out.append({"field": field, "label": label, "unit_kind": kind})
    return out


def _unbracketed(label: str) -> str:
    """The key of a label whose brackets are optional in print: 因公出国(境)费 = 因公出国境费."""
    return re.sub(r"[()（）]", "", label)


@functools.lru_cache(maxsize=1)
def patterns():
    """One regex per unit kind, labels longest first (人员经费支出 before 人员经费)."""
    rows = sorted(_label_rows(), key=lambda r: -len(r["label"]))
    out = []
    for kind, unit in UNITS.items():
        fields = {}
        alts = []
        for row in rows:
            if row["unit_kind"] != kind:
                continue
            label = nfkc(row["label"])
            fields.setdefault(_unbracketed(label), row["field"])
            alts.append(re.escape(label).replace(r"\(", r"[(（]?").replace(r"\)", r"[)）]?"))
        rx = re.compile(f"({'|'.join(alts)}){LINK}{NUMBER}{unit}")
        out.append((rx, fields))
    return out


def extract_narrative_facts(sections: list) -> list:
    facts = []
    for s in sections:
        for part, text in (("标题", s["heading"]), ("正文", s["text"])):
            if text:
                where = s.get("location", "")
                facts.extend(_facts_in(text, f"{where} 评价报告综述 {s['path'] or '前言'} {part}".strip()))
    return facts


def _facts_in(text: str, location: str) -> list:
    plain = nfkc(text).translate({ord(c): None for c in QUOTES})
    found = []
    for rx, fields in patterns():
        for m in rx.finditer(plain):
            if PRIOR_YEAR_RE.search(plain[max(0, m.start() - 6): m.start()]):
                continue  # 上年基本支出700万元: last year's figure, not this report's
            label = m.group(1)
            field = fields[_unbracketed(label)]
            value = float(m.group(2).replace(",", ""))
            unit = m.group(3)
            is_money = unit in ("万元", "亿元", "元")
            found.append((m.start(), Fact(
                table="narrative", entity="", field=field,
                value=to_wanyuan(value, unit) if is_money else value,
                unit="万元" if is_money else "人", label_raw=label,
                text_raw=m.group(0), location=location, match="pattern",
                unit_printed=unit)))
    return [f for _, f in sorted(found, key=lambda x: x[0])]
