"""Reconciliation: the rules in `data/rules.csv` evaluated against a report's records.

Each rule row names its kind (a checker below), the fields it involves, a tolerance
(differences up to it are fine), a rounding band (differences up to it are a `warning`:
only rounding apart), a severity beyond that, and a Chinese message template. The checkers
are small and generic; what is checked, how strictly and what the finance officer reads
is in the table, where a user can change or extend it (`JIXIAO_RULES` adds files).
"""
from __future__ import annotations

import csv
import functools
import os
from collections import defaultdict

from .labels import data_files, dictionary
from .report import Finding, Report
from .text import fold

DATA = os.path.join(os.path.dirname(__file__), "data")
TABLE_NAMES = {"income": "收入表", "expenditure": "支出表", "three_public": "三公经费表",
               "fixed_assets": "固定资产表", "basic_info": "基本概况表", "scores": "评分表",
               "narrative": "评价报告综述", "dept_funds": "部门整体支出绩效自评表"}
TOTAL_ENTITIES = ("合计", "总计", "汇总", "小计", "总额")
MONEY = ("income", "expenditure", "three_public", "fixed_assets")


@functools.lru_cache(maxsize=1)
def rules() -> tuple:
    paths = data_files("rules")
    extra = os.environ.get("JIXIAO_RULES")
    if extra:
        paths += [p for p in extra.split(os.pathsep) if p]
    out = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                row["parts"] = [p for p in (row.get("parts") or "").split("+") if p]
                row["tolerance"] = float(row["tolerance"] or 0)
                row["rounding"] = float(row["rounding"] or 0)
                out.append(row)
    return tuple(out)


@functools.lru_cache(maxsize=1)
def grade_bands() -> tuple:
    with open(os.path.join(DATA, "grades.csv"), encoding="utf-8") as fh:
        return tuple((r["grade"], float(r["min"]), float(r["max"]), r["spellings"].split("|"))
                     for r in csv.DictReader(fh))


def fmt(x) -> str:
    if x is None:
        return "空"
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else str(int(round(x)))


def judge(rule: dict, diff: float):
    """Severity for a difference under this rule, or None when it is within tolerance."""
    d = abs(diff)
    if d <= rule["tolerance"] + 1e-9:
        return None
    if d <= rule["rounding"] + 1e-9:
        return "warning"
    return rule["severity"]


def register(kind: str):
    """Add a checker for rule rows of `kind` (form modules bring their own kinds)."""
    def add(fn):
        CHECKERS[kind] = fn
        return fn
    return add


def reconcile(report: Report) -> list:
    findings = []
    for rule in rules():
        checker = CHECKERS.get(rule["kind"])
        if checker:
            findings.extend(checker(rule, report))
    return findings


def _finding(rule, severity, fields, location, expected=None, actual=None, **words):
    diff = None if expected is None or actual is None else round(actual - expected, 6)
    words.setdefault("difference", fmt(abs(diff)) if diff is not None else "")
    msg = rule["message"].format_map(defaultdict(str, expected=fmt(expected), actual=fmt(actual), **words))
    return Finding(rule=rule["rule"], severity=severity, fields=list(fields), message=msg,
                   location=location, expected=expected, actual=actual, difference=diff)


# --- money and staff ----------------------------------------------------------------
def _by_entity(report, scope):
    """{entity: {field: fact}} for the money tables (scope `tables`), the narrative, or the
    facts of one other table named as the scope (`dept_funds`)."""
    groups = defaultdict(dict)
    for f in report.facts:
        if f.table == scope or (scope == "tables" and f.table in MONEY):
            groups[f.entity].setdefault(f.field, f)
    return groups


def check_sum(rule, report):
    names = dictionary().name
    out = []
    for entity, facts in _by_entity(report, rule["scope"]).items():
        total = facts.get(rule["total"])
        parts = [facts.get(p) for p in rule["parts"]]
        present = [p for p in parts if p is not None]
        if total is None or not present or (rule["require"] == "all" and len(present) < len(parts)):
            continue
        expected = round(sum(p.value for p in present), 6)
        severity = judge(rule, total.value - expected)
        if severity:
            desc = " + ".join(f"{names(p.field)} {fmt(p.value)}" for p in present)
            out.append(_finding(rule, severity, [rule["total"]] + rule["parts"],
                                "; ".join([total.location] + [p.location for p in present]),
                                expected, total.value, entity=entity or "报告",
                                total_name=names(rule["total"]), parts_desc=desc))
    return out


def is_total_entity(entity: str) -> bool:
    key = fold(entity)
    return any(w in key for w in TOTAL_ENTITIES)


def check_entity_total(rule, report):
    names = dictionary().name
    out = []
    for table in MONEY:
        rows = defaultdict(dict)
        for f in report.facts:
            if f.table == table:
                rows[f.entity].setdefault(f.field, f)
        totals = [e for e in rows if is_total_entity(e)]
        units = [e for e in rows if not is_total_entity(e)]
        if len(totals) != 1 or not units:
            continue
        total_row = rows[totals[0]]
        for field, total in total_row.items():
            parts = [rows[u][field] for u in units if field in rows[u]]
            expected = round(sum(p.value for p in parts), 6)
            severity = judge(rule, total.value - expected)
            if severity:
                out.append(_finding(rule, severity, [field],
                                    "; ".join([total.location] + [p.location for p in parts]),
                                    expected, total.value, entity=totals[0],
                                    table_name=TABLE_NAMES[table], total_name=names(field)))
    return out


def table_value(report, field):
    """The table's figure for a field: the 合计 row, the only row, or the sum of rows."""
    facts = [f for f in report.facts if f.field == field and f.table in MONEY + ("basic_info",)]
    if not facts:
        return None
    totals = [f for f in facts if is_total_entity(f.entity)]
    if totals:
        return totals[0].value, totals[0]
    entities = {f.entity for f in facts}
    if len(entities) == 1:
        return facts[0].value, facts[0]
    first = {}
    for f in facts:
        first.setdefault(f.entity, f)
    return round(sum(f.value for f in first.values()), 6), facts[0]


def check_narrative(rule, report):
    names = dictionary().name
    out, done = [], set()
    stated = defaultdict(list)
    for f in report.facts:
        if f.table == "narrative":
            stated[f.field].append(f)
    for field, facts in stated.items():
        tv = table_value(report, field)
        if tv is None or field in done:
            continue
        value, where = tv
        severities = [judge(rule, f.value - value) for f in facts]
        if any(s is None for s in severities):
            continue
        f = facts[0]
        out.append(_finding(rule, severities[0], [field], f"{f.location}; {where.location}", value,
                            f.value, total_name=names(field),
                            table_name=TABLE_NAMES.get(where.table, where.table)))
        done.add(field)
    return out


# --- score sheet ----------------------------------------------------------------------
def check_score_rows(rule, report):
    out = []
    for s in report.scores:
        if s["max_score"] is not None and s["self_score"] is not None:
            severity = judge(rule, max(0.0, s["self_score"] - s["max_score"]))
            if severity:
                out.append(_finding(rule, severity, ["self_score", "max_score"], s["location"],
                                    s["max_score"], s["self_score"], indicator=s["indicator"]))
    return out


def check_score_groups(rule, report):
    groups = defaultdict(list)
    for s in report.scores:
        if s["max_group"]:
            groups[s["max_group"]].append(s)
    out = []
    for key, rows in groups.items():
        cap = rows[0]["max_group_score"]
        got = sum(r["self_score"] or 0 for r in rows)
        if cap is None:
            continue
        severity = judge(rule, max(0.0, got - cap))
        if severity:
            out.append(_finding(rule, severity, ["self_score", "max_score"], key, cap, got,
                                indicator="、".join(r["indicator"] for r in rows)))
    return out


def sheets(report):
    """(rows, 总分, 总分值, location) per score sheet: the seed's 评分表 (`sheet` empty) and
    each other form's sheet (a 指标表), so that two sheets in one file are checked apart."""
    names = {}
    for s in report.scores:
        names.setdefault(s.get("sheet") or "", []).append(s)
    for name, rows in names.items():
        if name:
            total, total_max, where = report.sheet_totals.get(name, (None, None, ""))
        else:
            total, total_max = report.fields.get("score_total"), report.fields.get("score_total_max")
            where = report.locations.get("score_total", "")
        yield rows, total, total_max, where


def _levels(report):
    """(label, printed points, rows) for each level-1 and level-2 group with points."""
    out = []
    for level in ("level1", "level2"):
        groups = {}
        for s in report.scores:
            key = (s.get("sheet"), s["level1"], s["level2"]) if level == "level2" else (s.get("sheet"), s["level1"])
            if s[level] and s[level + "_points"] is not None:
                groups.setdefault(key, (s[level], s[level + "_points"], []))[2].append(s)
            elif key in groups:
                groups[key][2].append(s)
        out.extend(groups.values())
    return out


def _max_sum(rows):
    seen, total = set(), 0.0
    for r in rows:
        if r["max_score"] is not None:
            total += r["max_score"]
        elif r["max_group"] and r["max_group"] not in seen:
            seen.add(r["max_group"])
            total += r["max_group_score"] or 0
    return round(total, 6)


def check_score_level(rule, report):
    """A group's self scores above its points, beyond what rows above their own maxima explain."""
    out = []
    for label, points, rows in _levels(report):
        got = round(sum(_capped(r) for r in rows), 6)
        severity = judge(rule, max(0.0, got - points))
        if severity:
            out.append(_finding(rule, severity, ["self_score"], rows[0]["location"], points, got,
                                indicator=label))
    return out


def _capped(row) -> float:
    score = row["self_score"] or 0.0
    return min(score, row["max_score"]) if row["max_score"] is not None else score


def check_score_points(rule, report):
    out = []
    for label, points, rows in _levels(report):
        maxima = _max_sum(rows)
        severity = judge(rule, maxima - points)
        if severity and maxima:
            out.append(_finding(rule, severity, ["max_score"], rows[0]["location"], maxima, points,
                                indicator=label))
    return out


def check_score_total(rule, report):
    out = []
    for rows, total, _, where in sheets(report):
        if total is None:
            continue
        expected = round(sum(s["self_score"] or 0 for s in rows), 6)
        severity = judge(rule, total - expected)
        if severity:
            out.append(_finding(rule, severity, ["score_total"], where, expected, total))
    return out


def check_score_max(rule, report):
    out = []
    for rows, _, total, where in sheets(report):
        if total is None:
            continue
        expected = _max_sum(rows)
        severity = judge(rule, total - expected)
        if severity:
            out.append(_finding(rule, severity, ["max_score"], where, expected, total))
    return out


def check_stated(rule, report):
    stated, total = report.fields.get("score_stated"), report.fields.get("score_total")
    if stated is None or total is None:
        return []
    severity = judge(rule, stated - total)
    loc = "; ".join(x for x in (report.locations.get("score_stated"), report.locations.get("score_total")) if x)
    return [_finding(rule, severity, ["score_stated", "score_total"], loc, total, stated,
                     actual_raw=report.fields.get("score_stated_raw", fmt(stated)))] if severity else []


def grade_for(score: float):
    for grade, lo, hi, _ in grade_bands():
        if lo <= score < hi:
            return grade
    return None


def canonical_grade(text: str):
    key = fold(text or "")
    for grade, _, _, spellings in grade_bands():
        if key in spellings:
            return grade
    return None


def check_grade(rule, report):
    grade = report.fields.get("grade")
    score = report.fields.get("score_total")
    field = "score_total"
    if score is None:
        score, field = report.fields.get("score_stated"), "score_stated"
    if not grade or score is None:
        return []
    written, expected = canonical_grade(grade), grade_for(score)
    if written is None or expected is None or written == expected:
        return []
    return [_finding(rule, rule["severity"], ["grade", field], report.locations.get("grade", ""),
                     grade=grade, score=fmt(score), expected_grade=expected)]


def check_missing(rule, report):
    names = {"income": "收入表（年度收入情况）", "expenditure": "支出表（年度支出和结余情况）",
             "three_public": "三公经费表", "fixed_assets": "固定资产表", "scores": "评分表"}
    return [_finding(rule, rule["severity"], [], "", table_name=names[p])
            for p in report.parts_missing]


# --- things worth knowing ---------------------------------------------------------------
def check_fuzzy_labels(rule, report):
    """Columns recognised by token overlap rather than a known spelling: worth a look."""
    seen, out = set(), []
    for f in report.facts:
        if f.match.startswith("jieba") and (f.table, f.label_raw) not in seen:
            seen.add((f.table, f.label_raw))
            out.append(_finding(rule, rule["severity"], [f.field], f.location,
                                label=f.label_raw, total_name=dictionary().name(f.field),
                                table_name=TABLE_NAMES.get(f.table, f.table)))
    return out


def check_unit_converted(rule, report):
    seen, out = set(), []
    for f in report.facts:
        if f.unit_printed and f.unit_printed != f.unit and f.unit == "万元" and f.table not in seen:
            seen.add(f.table)
            out.append(_finding(rule, rule["severity"], [f.field], f.location,
                                table_name=TABLE_NAMES.get(f.table, f.table), unit=f.unit_printed))
    return out


def check_year_inferred(rule, report):
    source = report.fields.get("year_source")
    if source in ("narrative", "filename"):
        where = {"narrative": "评价报告综述", "filename": "文件名"}[source]
        return [_finding(rule, rule["severity"], ["year"], "", year=report.fields.get("year"),
                         source=where)]
    return []


CHECKERS = {
    "fuzzy_labels": check_fuzzy_labels, "unit_converted": check_unit_converted,
    "year_inferred": check_year_inferred,
    "sum": check_sum, "entity_total": check_entity_total, "narrative": check_narrative,
    "score_row": check_score_rows, "score_group": check_score_groups,
    "score_level": check_score_level, "score_points": check_score_points,
    "score_total": check_score_total, "score_max": check_score_max, "stated": check_stated,
    "grade": check_grade, "missing": check_missing,
}


from .checks_forms import FORM_CHECKERS  # noqa: E402  (they use the helpers above)

CHECKERS.update(FORM_CHECKERS)

# Rule kinds for facts read from scans (they use the checkers above).
from .ocr import CHECKERS as _OCR_CHECKERS  # noqa: E402

CHECKERS.update(_OCR_CHECKERS)
