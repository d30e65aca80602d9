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

TITLE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*(?:[年-]度|年(?!\d{1,2}月))")
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


UNIT_SUFFIXES = ("局", "委", "办", "院", "会", "中心", "所", "站", "队", "馆", "部", "处", "室", "厅",
                 "政府", "学校", "医院", "办公室", "委员会", "政协", "人大", "法院", "检察院", "团委",
                 "妇联", "科协", "联合会", "总工会", "街道", "乡", "镇", "社")
REGION_SUFFIXES = ("省", "市", "区", "县", "州", "本级")
TITLE_DEPT_RE = re.compile(r"^(?:附件\s*[\d\-一二三四五六]*\s*)?(.{2,30}?)\s*(?:19|20)\d{2}\s*年度?")
FILE_DEPT_RE = re.compile(r"^(?:附件\s*[\d\-一二三四五六]*[\s._、-]*)?(.{2,30}?)[\s_\-（(]*(?:19|20)\d{2}\s*年?度?")


def department_from_title(doc: Document):
    """`岳阳楼区卫生健康局2021年度部门整体支出绩效自评报告` → `岳阳楼区卫生健康局`.

    Only a name that ends like a unit (局, 委, 中心 …) counts: `岳阳楼区2022年度…` names a
    region, not a department.
    """
    previous = ""
    for line in _first_lines(doc):
        key = squash(line)
        if any(w in key for w in TITLE_WORDS) and len(key) < 60:
            m = TITLE_DEPT_RE.match(key)
            if m and is_unit_name(m.group(1)):
                return m.group(1)
            if YEAR_FIRST_RE.match(key) and is_unit_name(previous) and len(previous) <= 30:
                return previous  # `政协南县委员会` / `2021年度部门整体支出绩效自评报告`
        previous = key
    return None


YEAR_FIRST_RE = re.compile(r"^(?:19|20)\d{2}\s*年")


def _first_lines(doc, limit: int = 60):
    n = 0
    for text in doc.text_lines():
        for line in (text or "").split("\n"):
            if line.strip():
                n += 1
                if n > limit:
                    return
                yield line


def is_unit_name(name: str) -> bool:
    return name.endswith(UNIT_SUFFIXES) and not name.endswith(REGION_SUFFIXES)


def department_from_filename(source_file: str):
    """`区商务局2022年整体支出绩效自评报告.docx` → `区商务局` (the last place to look)."""
    stem = os.path.splitext(os.path.basename(source_file.split("!/")[-1]))[0]
    m = FILE_DEPT_RE.match(squash(stem))
    return m.group(1) if m and is_unit_name(m.group(1)) else None


def first_lines(doc: Document, limit: int):
    """The first `limit` non-blank lines of the document, where a title stands."""
    n = 0
    for text in doc.text_lines():
        for line in (text or "").split("\n"):
            if not line.strip():
                continue
            n += 1
            if n > limit:
                return
            yield line


def _title_lines(doc: Document):
    for line in first_lines(doc, 60):
        if any(w in squash(line) for w in TITLE_WORDS) and len(squash(line)) < 60:
            yield line
