"""The label dictionary: canonical fields and every spelling they are printed with.

The dictionary is data (`data/labels.csv`: table, field, label, context_only, zh_name) so a
reader can scan it and a user can extend it (`JIXIAO_LABELS` names extra CSV files with the
same columns). Matching folds the printed text first (`text.fold_label`); an unseen variant
falls back to jieba tokens, and every match says how it was made.
"""
from __future__ import annotations

import csv
import glob
import functools
import logging
import os
from dataclasses import dataclass
from typing import Optional

from .text import fold, fold_label

DATA = os.path.join(os.path.dirname(__file__), "data")


@dataclass(frozen=True)
class Match:
    table: str
    field: str
    how: str        # exact | folded | jieba
    score: float    # 1.0 for exact/folded, token overlap for jieba


@dataclass(frozen=True)
class Entry:
    table: str
    field: str
    label: str
    key: str
    context_only: str


def data_files(stem: str) -> list:
    """`data/<stem>.csv` then `data/<stem>-*.csv` in name order (one file per form)."""
    extra = sorted(glob.glob(os.path.join(DATA, f"{stem}-*.csv")))
    return [os.path.join(DATA, f"{stem}.csv")] + extra


class LabelDictionary:
    def __init__(self, entries):
        self.entries = list(entries)
        self.by_key = {}
        for e in self.entries:
            self.by_key.setdefault(e.key, []).append(e)
        self.zh = {}
        for e in self.entries:
            self.zh.setdefault(e.field, e.label)

    @classmethod
    def load(cls, paths=None) -> "LabelDictionary":
        # data/labels.csv, then one file per form (data/labels-<form>.csv), then the user's
        paths = list(paths or data_files("labels"))
        extra = os.environ.get("JIXIAO_LABELS")
        if extra:
            paths += [p for p in extra.split(os.pathsep) if p]
        entries = []
        for path in paths:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    label = row["label"]
                    entries.append(Entry(row["table"], row["field"], label, fold_label(label),
                                         (row.get("context_only") or "").strip()))
                    if row.get("zh_name"):
                        entries.append(Entry(row["table"], row["field"], row["zh_name"],
                                             fold_label(row["zh_name"]), ""))
        return cls(entries)

    def name(self, field: str) -> str:
        """The Chinese name a finance officer knows a field by.

        A field only the narrative states (退休人数) has no table label: its first
        narrative spelling names it, so a message never shows a field id.
        """
        return self.zh.get(field) or narrative_names().get(field, field)

    @functools.lru_cache(maxsize=65536)
    def match(self, text: str, tables=None, context: Optional[str] = None,
              fuzzy: bool = True) -> Optional[Match]:
        """Best match of a printed label among `tables` (None: every table).

        `context` is the table kind the label stands in; labels that only mean something
        in a given table (`其他` under 固定资产) match only there.
        """
        return self._match(fold_label(text), tuple(tables) if tables else None, context, fuzzy)

    @functools.lru_cache(maxsize=8192)
    def _match(self, key, tables, context, fuzzy):
        if not key:
            return None
        hits = [e for e in self.by_key.get(key, ()) if self._allowed(e, tables, context)]
        if hits:
            e = hits[0]
            return Match(e.table, e.field, "exact" if key == fold(e.label) else "folded", 1.0)
        if not fuzzy or len(key) < 3 or len(key) > 24:
            return None
        return self._jieba(key, tables, context)

    @staticmethod
    def _allowed(e, tables, context):
        if tables is not None and e.table not in tables:
            return False
        return not e.context_only or e.context_only == context

    def _jieba(self, key, tables, context):
        """Token overlap with every label: a unique best above the threshold wins."""
        words = _tokens(key)
        if not words:
            return None
        best, second = (0.0, None), 0.0
        for e in self.entries:
            if e.context_only or not self._allowed(e, tables, context):
                continue
            other = _tokens(e.key)
            if not other:
                continue
            score = len(words & other) / len(words | other)
            if score > best[0]:
                if best[1] is None or best[1].field != e.field:
                    second = best[0]
                best = (score, e)
            elif score > second and best[1] is not None and e.field != best[1].field:
                second = score
        score, e = best
        if e is None or score < 0.6 or score - second < 0.15:
            return None
        return Match(e.table, e.field, "jieba", round(score, 2))


@functools.lru_cache(maxsize=1)
def narrative_names() -> dict:
    """{field: its first spelling in data/narrative.csv}."""
    names = {}
    with open(os.path.join(DATA, "narrative.csv"), encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            names.setdefault(row["field"], row["label"])
    return names


@functools.lru_cache(maxsize=4096)
def _tokens(key: str) -> frozenset:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return frozenset(t for t in jieba.lcut(key) if t.strip() and t not in "()、:的和及与")


@functools.lru_cache(maxsize=1)
def dictionary() -> LabelDictionary:
    return LabelDictionary.load()
