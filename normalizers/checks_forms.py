"""Checkers for the forms beyond the seed's: figures kept per year column, rates, and the
computations units print in their 指标说明 cells.

Rows of `data/rules-<form>.csv` name these kinds: `ratio` (a printed rate against its
numerator and denominator), `period_sum` (a total against its parts, within one year
column: a 基础数据表's three years are never added together) and `computation` (the
arithmetic a unit shows, `=(63.46-32)÷32=98.31%`, recomputed with a small parser of its
own — no eval).
"""
from __future__ import annotations

import ast
import operator
import re
from collections import defaultdict

from .reconcile import _finding, fmt, judge

PERIOD_NAMES = {"prev_final": "上年决算数", "budget": "本年预算数", "final": "本年决算数"}


def _by_period(report, table):
    groups = defaultdict(dict)
    for f in report.facts:
        if f.table == table:
            groups[(f.entity, f.period)].setdefault(f.field, f)
    return groups


def _pct(x) -> str:
    return "空" if x is None else f"{x * 100:.2f}%"


def check_ratio(rule, report):
    """total = parts[0] / parts[1], per year column; the difference is in the rate itself."""
    num_field, den_field = rule["parts"]
    out = []
    for (_, period), facts in _by_period(report, rule["scope"]).items():
        rate, num, den = facts.get(rule["total"]), facts.get(num_field), facts.get(den_field)
        if rate is None or num is None or den is None or not den.value:
            continue
        expected = round(num.value / den.value, 6)
        severity = judge(rule, rate.value - expected)
        if severity:
            out.append(_finding(rule, severity, [rule["total"], num_field, den_field],
                                "; ".join((rate.location, num.location, den.location)),
                                expected, rate.value, actual_pct=rate.text_raw or _pct(rate.value),
                                expected_pct=_pct(expected), num=fmt(num.value), den=fmt(den.value)))
    return out


def check_period_sum(rule, report):
    out = []
    for (_, period), facts in _by_period(report, rule["scope"]).items():
        total = facts.get(rule["total"])
        present = [facts[p] for p in rule["parts"] if p in facts]
        if total is None or not present or (rule["require"] == "all" and len(present) < len(rule["parts"])):
            continue
        expected = round(sum(p.value for p in present), 6)
        severity = judge(rule, total.value - expected)
        if severity:
            desc = " + ".join(f"{p.label_raw} {fmt(p.value)}" for p in present)
            out.append(_finding(rule, severity, [rule["total"]] + rule["parts"],
                                "; ".join([total.location] + [p.location for p in present]),
                                expected, total.value, total_name=total.label_raw,
                                parts_desc=desc, period_name=PERIOD_NAMES.get(period, period)))
    return out


# --- the unit's own arithmetic ----------------------------------------------------------
ARITH_CHARS = re.compile(r"^[\d.+\-*/()%]+$")
RESULT_RE = re.compile(r"^[-+]?\d+(?:\.\d+)?%?$")
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _normalise(text: str) -> str:
    table = str.maketrans({"×": "*", "x": "*", "X": "*", "÷": "/", "（": "(", "）": ")", "[": "(",
                           "]": ")", "【": "(", "】": ")", "－": "-", "＋": "+", "﹪": "%", "％": "%"})
    return re.sub(r"\s+", "", text.translate(table))


def evaluate(expression: str) -> float:
    """The value of `(63.46-32)/32*100%` (numbers, + - * /, brackets, % as /100); raises
    ValueError on anything else. The expression is parsed, never executed."""
    expr = re.sub(r"(\d+(?:\.\d+)?)%", r"(\1/100)", expression)
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise ValueError(expression) from exc
    return _value(tree.body)


def _value(node) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _value(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        left, right = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Div) and right == 0:
            raise ValueError("division by zero")
        return OPS[type(node.op)](left, right)
    raise ValueError(ast.dump(node))


def shown_computation(text: str):
    """(expression, printed result) of the last `=expr=result` a cell shows, or None."""
    parts = [_normalise(p) for p in re.split(r"[=＝]", text or "")]
    for i in range(len(parts) - 1, 0, -1):
        result, expr = parts[i], parts[i - 1]
        if RESULT_RE.match(result) and ARITH_CHARS.match(expr) and re.search(r"\d[+\-*/]", expr):
            return expr, result
    return None


def check_computation(rule, report):
    """A 指标说明 whose own arithmetic does not give the result it prints."""
    out = []
    for s in report.scores:
        shown = shown_computation(s.get("explanation", ""))
        if not shown:
            continue
        expr, result = shown
        try:
            value = evaluate(expr)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        percent = result.endswith("%")
        printed = float(result.rstrip("%"))
        computed = value * 100 if percent else value
        severity = judge(rule, printed - computed)
        if severity:
            out.append(_finding(rule, severity, ["explanation"], s.get("explanation_at", s["location"]),
                                round(computed, 6),
                                printed, indicator=s["indicator"], expression=expr,
                                expected_text=f"{computed:.2f}{'%' if percent else ''}",
                                actual_text=result))
    return out


FORM_CHECKERS = {"ratio": check_ratio, "period_sum": check_period_sum,
                 "computation": check_computation}
