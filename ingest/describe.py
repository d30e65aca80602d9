"""What each output table and column means, in Chinese and English, for every writer.

`data/tables.csv` and `data/columns.csv` hold the titles (中文, shown in the workbook, the
Data Package and the database comments) and one-line meanings (docs/tables.md). A column
without a title of its own takes the name the label dictionary gives its field
(`normalizers/data/labels.csv`, `zh_name`), so a field is called the same everywhere.
"""
from __future__ import annotations

import csv
import functools
import os

from .schema import TABLES

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _rows(name: str) -> list:
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.lru_cache(maxsize=None)
def _columns() -> dict:
    return {(r["table"], r["column"]): r for r in _rows("columns.csv")}


@functools.lru_cache(maxsize=None)
def _tables() -> dict:
    return {r["table"]: r for r in _rows("tables.csv")}


@functools.lru_cache(maxsize=None)
def _field_names() -> dict:
    """Canonical field -> its Chinese name, from the label dictionary."""
    from normalizers.labels import LabelDictionary
    return dict(LabelDictionary.load().zh)


def column_title(table: str, column: str) -> str:
    row = _columns().get((table, column)) or {}
    return row.get("title_zh") or _field_names().get(column) or column


def column_description(table: str, column: str) -> str:
    return (_columns().get((table, column)) or {}).get("description", "")


def table_title(table: str) -> str:
    return (_tables().get(table) or {}).get("title_zh") or table


def table_description(table: str) -> str:
    return (_tables().get(table) or {}).get("one_row_per", "")


def field_title(field: str) -> str:
    """Chinese name of a canonical field (income_total -> 收入合计), else of a reports
    column (score_total -> 总分); the id if unknown."""
    if field in _field_names():
        return _field_names()[field]
    title = (_columns().get(("reports", field)) or {}).get("title_zh")
    return title or field


def undescribed() -> list:
    """(table, column) pairs of the schema that data/columns.csv does not describe."""
    return [(t, c) for t, spec in TABLES.items() for c, _ in spec if (t, c) not in _columns()]


@functools.lru_cache(maxsize=None)
def _values() -> dict:
    return {(r["column"], r["value"]): r["title_zh"] for r in _rows("values.csv")}


def value_title(column: str, value) -> str:
    """Chinese word for a coded value (severity error -> 错误; form dept_report -> ...);
    `;`-separated codes are translated one by one; an unknown code stays as it is."""
    if value is None or value == "":
        return ""
    parts = str(value).split(";")
    return "；".join(_values().get((column, p), p) for p in parts)


@functools.lru_cache(maxsize=None)
def _rules() -> dict:
    return {r["rule"]: r["title_zh"] for r in _rows("rule_titles.csv")}


def rule_title(rule) -> str:
    """Chinese name of a check (data/rule_titles.csv); the rule id when it has none."""
    return _rules().get(rule or "", rule or "")
