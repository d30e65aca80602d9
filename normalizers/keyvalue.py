"""Label–value pairs: 人员编制 | 36, 评价等次 | 优, and cover lines `预 算 编 码：302001`.

A value is the next cell to the right of its label in the same row, or the text after a
colon when label and value share one line (covers are often plain paragraphs).
"""
from __future__ import annotations

import re

from parsers.model import Document

from .fields import is_unit_name
from .grid import TableView
from .labels import dictionary
from .money import raw_label
from .numbers import parse_number
from .report import Fact, Finding
from .text import clean, fold_label, squash

KV_TABLES = ("basic_info", "_report")
COLON_RE = re.compile(r"^\s*([^:：]{2,16}?)\s*[:：]\s*(.*\S)\s*$")
TAIL_RE = re.compile(r"(?:\t|[ \u3000]{2,}).*$")  # `XX局（盖章）\t\t单位：万元`: what follows a wide gap
STAMP_RE = re.compile(r"[(（]\s*(?:盖章|公章|签章)\s*[)）]\s*$")
GAP_RE = re.compile(r"[ \t\u3000\xa0]+")
# a 预算编码 is letters and digits (302001, YYX292, 219-001); anything else is not one
BUDGET_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.]{1,30}$")


def extract_cells(view: TableView, report, findings: list) -> None:
    """Label cells followed by a value cell, in any table."""
    labels = dictionary()
    for r in range(view.n_rows):
        cells = view.row_cells(r)
        for i, cell in enumerate(cells[:-1]):
            text = cell.text
            if not text.strip() or len(text) > 30:
                continue
            m = labels.match(text, tables=KV_TABLES, fuzzy=False)
            if not m:
                continue
            value_cell = cells[i + 1]
            if labels.match(value_cell.text, fuzzy=False):
                continue  # a header row (单位名称 | 收入合计 ...), not a label and its value
            _take(report, m.field, m.table, raw_label(text), value_cell.text,
                  view.location(r, value_cell.col), m.how, findings)


def extract_lines(doc: Document, report, findings: list) -> None:
    """`label：value` lines in body paragraphs and short table cells (cover pages)."""
    labels = dictionary()
    for i, line in enumerate(_short_lines(doc)):
        m = COLON_RE.match(line) if "：" in line or ":" in line else None
        pair = (m.group(1), m.group(2)) if m else _spaced_pair(line)
        if not pair:
            continue
        label, value = pair
        hit = labels.match(label, tables=KV_TABLES if m else ("_report",), fuzzy=False)
        if hit:
            _take(report, hit.field, hit.table, raw_label(label), value,
                  f"封面/正文第{i + 1}行", hit.how, findings)


def _spaced_pair(line: str):
    """(label, value) of a cover line whose label has no colon: `部门（单位）名称  XX中心`.

    The label may itself be letter-spaced (`预 算 编 码  YYX292`), so every split at a gap
    is tried, shortest label first, against the report-level labels only.
    """
    parts = GAP_RE.split(line.strip())
    if len(line.strip()) > 60:
        return None
    labels = dictionary()
    if len(parts) == 1:
        return _glued_pair(parts[0], labels)
    for k in range(1, min(len(parts), 9)):
        label = "".join(parts[:k])
        if len(label) > 16:
            return None
        if labels.match(label, tables=("_report",), fuzzy=False):
            return label, " ".join(parts[k:])
    return None


def _short_lines(doc: Document):
    for text in doc.text_lines():
        for line in (text or "").split("\n"):
            if 0 < len(line.strip()) <= 80:
                yield line


GLUED_FIELDS = ("department", "budget_code")


def _glued_pair(text: str, labels):
    """`预算编码HN0307A`: label and value with nothing between (a PDF's text layer drops the
    spaces); the longest report label the line starts with, for the cover's name and code."""
    key = squash(text)
    for k in range(min(len(key) - 1, 16), 3, -1):
        m = labels.match(key[:k], tables=("_report",), fuzzy=False)
        if m:
            value = key[k:]
            ok = BUDGET_CODE_RE.match(value) if m.field == "budget_code" else \
                m.field == "department" and is_unit_name(value)
            return (key[:k], value) if ok else None
    return None


def _take(report, field, table, label, value_text, location, how, findings) -> None:
    value_text = clean(value_text)
    if not value_text:
        return
    if table == "basic_info":
        if any(f.field == field for f in report.facts if f.table == "basic_info"):
            return
        num = parse_number(value_text)
        if num.kind == "number":
            report.facts.append(Fact("basic_info", "", field, num.value, "人", label,
                                     value_text, location, how, "人"))
        elif num.kind == "text":
            findings.append(Finding("value_not_numeric", "warning", [field],
                                    f"“{label}”填的是“{value_text}”，不是人数，请核实", location))
        return
    if report.fields.get(field) not in (None, ""):
        return
    if field == "score_stated":
        num = parse_number(value_text)
        if num.is_value:
            report.fields["score_stated"] = num.value
            report.fields["score_stated_raw"] = value_text
            report.locations["score_stated"] = location
        return
    if field == "grade":
        report.fields["grade"] = squash(value_text)
        report.locations["grade"] = location
        return
    if field == "department":
        value_text = STAMP_RE.sub("", TAIL_RE.sub("", value_text.split("\n")[0].strip())).strip()
        if fold_label(value_text) in ("", "(盖章)", "盖章"):
            return
        report.fields["department_source"] = "cover" if location.startswith("封面") else "table"
    if field == "budget_code":
        value_text = squash(value_text)
        if not BUDGET_CODE_RE.match(value_text):
            return
    report.fields[field] = value_text
    report.locations[field] = location
