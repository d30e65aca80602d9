"""Checkers for the rows of `data/rules-selfeval.csv`: the arithmetic of a 自评表.

The 资金 block (执行率 = 全年执行数 / 全年预算数 at the printed precision; 得分 = 分值 × 执行率
capped at 分值; funding lines adding up to 年度资金总额), the 绩效指标 grid (得分 ≤ 分值; a
level's printed points against its rows and against the national weights; full marks on a
missed target) and the 总分. Which checks run, how strict and the Chinese messages are the
CSV's; the checkers only know how to compute.
"""
from __future__ import annotations

from ..reconcile import _finding, fmt, judge, register
from .indicator_values import misses

LINE_NAMES = {"total": "年度资金总额", "fiscal": "财政拨款", "carryover": "上年结转资金",
              "gov_fund": "政府性基金", "special_account": "财政专户管理资金", "other": "其他资金"}
COLUMN_NAMES = {"budget_initial": "年初预算数", "budget_adjusted": "全年预算数", "executed": "全年执行数"}


def _at(row, *roles) -> str:
    """Where the cells of these columns of a row are (the row's label cell if unknown)."""
    cells = row.get("cells") or {}
    return "; ".join(cells[r] for r in roles if r in cells) or row["location"]


def _rows(report, form=None):
    return [i for i in report.indicators if i.get("form") and (form is None or i["form"] == form)]


def _forms(report):
    """The 自评表 forms read into this report, each with its budget lines and indicators."""
    names = []
    for row in report.budget_execution + report.indicators:
        if row.get("form") and row["form"] not in names:
            names.append(row["form"])
    return [(n, [b for b in report.budget_execution if b.get("form") == n], _rows(report, n))
            for n in names]


# --- the 资金 block ---------------------------------------------------------------------
@register("budget_rate")
def check_rate(rule, report):
    """The printed 执行率 against 全年执行数 / 全年预算数, compared at the printed precision."""
    out = []
    for b in report.budget_execution:
        if b["rate"] is None or b["executed"] is None or not b["budget_adjusted"]:
            continue
        computed = b["executed"] / b["budget_adjusted"]
        ulp = b.get("rate_ulp") or 0.0001
        diff = abs(b["rate"] - computed)
        if diff <= ulp / 2 + 1e-9:
            continue
        severity = "warning" if diff <= ulp * 1.5 + rule["rounding"] else rule["severity"]
        out.append(_finding(rule, severity, ["rate", "executed", "budget_adjusted"],
                            _at(b, "rate", "executed", "budget_adjusted"),
                            round(computed, 6), b["rate"], line=LINE_NAMES.get(b["line"], b["line"]),
                            rate_text=b.get("rate_text", ""), computed=f"{computed * 100:.2f}%",
                            executed=fmt(b["executed"]), budget=fmt(b["budget_adjusted"])))
    return out


@register("budget_score")
def check_budget_score(rule, report):
    """得分 = 分值 × 执行率 (the printed rate, else the computed one), capped at 分值."""
    out = []
    for b in report.budget_execution:
        if b["max_score"] is None or b["self_score"] is None:
            continue
        rate = b["rate"]
        if rate is None and b["executed"] is not None and b["budget_adjusted"]:
            rate = b["executed"] / b["budget_adjusted"]
        if rate is None:
            continue
        expected = round(min(b["max_score"], b["max_score"] * rate), 6)
        severity = judge(rule, b["self_score"] - expected)
        if severity:
            out.append(_finding(rule, severity, ["self_score", "max_score", "rate"],
                                _at(b, "self_score", "max_score", "rate"),
                                expected, b["self_score"], line=LINE_NAMES.get(b["line"], b["line"]),
                                max_score=fmt(b["max_score"]), rate=f"{rate * 100:.2f}%"))
    return out


@register("budget_lines")
def check_lines(rule, report):
    """Per money column, 年度资金总额 against the sum of the funding lines under it."""
    out = []
    for _, lines, _ in _forms(report):
        total = next((b for b in lines if b["line"] == "total"), None)
        parts = [b for b in lines if b["line"] != "total"]
        if total is None or not parts:
            continue
        for col, name in COLUMN_NAMES.items():
            values = [b[col] for b in parts if b[col] is not None]
            if total[col] is None or not values:
                continue
            expected = round(sum(values), 6)
            severity = judge(rule, total[col] - expected)
            if severity:
                desc = " + ".join(f"{b['label_raw']} {fmt(b[col])}" for b in parts if b[col] is not None)
                out.append(_finding(rule, severity, [col], "; ".join(
                    [_at(total, col)] + [_at(b, col) for b in parts if b[col] is not None]), expected, total[col],
                    column=name, parts_desc=desc))
    return out


# --- the 绩效指标 grid -----------------------------------------------------------------------
@register("indicator_row")
def check_indicator_rows(rule, report):
    out = []
    for i in _rows(report):
        if i["max_score"] is not None and i["self_score"] is not None:
            severity = judge(rule, max(0.0, i["self_score"] - i["max_score"]))
            if severity:
                out.append(_finding(rule, severity, ["self_score", "max_score"], _at(i, "self_score", "max_score"),
                                    i["max_score"], i["self_score"], indicator=i["level3"]))
    return out


def _levels(rows):
    """{level1: (printed points, rows)} for the levels whose label prints its points."""
    out = {}
    for i in rows:
        if i.get("level1_points") is not None:
            out.setdefault(i["level1"], (i["level1_points"], []))
        if i["level1"] in out:
            out[i["level1"]][1].append(i)
    return out


@register("indicator_level")
def check_level_points(rule, report):
    """A level's printed points (`产出指标（50分）`) against the sum of its rows' 分值."""
    out = []
    for _, _, rows in _forms(report):
        for level, (points, members) in _levels(rows).items():
            maxima = [i["max_score"] for i in members if i["max_score"] is not None]
            if not maxima:
                continue
            expected = round(sum(maxima), 6)
            severity = judge(rule, points - expected)
            if severity:
                out.append(_finding(rule, severity, ["max_score"], _at(members[0], "level1"),
                                    expected, points, indicator=level))
    return out


@register("level_weight")
def check_weights(rule, report):
    """Printed level points against the national weights named in the rule's `parts`
    (`output=50+benefit=30+...`); the 资金 block's 分值 is the `budget` level."""
    from ..labels import dictionary

    weights = dict(p.split("=") for p in rule["parts"])
    out = []
    for _, lines, rows in _forms(report):
        printed = [(level, points, _at(members[0], "level1")) for level, (points, members)
                   in _levels(rows).items()]
        total = next((b for b in lines if b["line"] == "total" and b["max_score"] is not None), None)
        if total is not None:
            printed.append(("预算执行", total["max_score"], _at(total, "max_score")))
        for level, points, where in printed:
            m = dictionary().match(level, tables=("_se_level1",), fuzzy=False)
            if m is None or m.field not in weights:
                continue
            severity = judge(rule, points - float(weights[m.field]))
            if severity:
                out.append(_finding(rule, severity, ["max_score"], where, float(weights[m.field]),
                                    points, indicator=level))
    return out


@register("indicator_missed_full")
def check_full_marks(rule, report):
    """A quantitative indicator whose 实际完成值 misses its 年度指标值 yet scores full marks."""
    out = []
    for i in _rows(report):
        tv, av = i["target_value"], i["actual_value"]
        if tv is None or av is None or i["max_score"] is None or i["self_score"] is None:
            continue
        if i.get("actual_unit") and i.get("target_unit") and i["actual_unit"] != i["target_unit"]:
            continue
        if not i["operator"] and i.get("target_unit") != "%":
            continue  # no direction printed: only a rate is read as "at least"
        if misses(i["operator"], tv, av) and judge(rule, i["max_score"] - i["self_score"]) is None:
            out.append(_finding(rule, rule["severity"], ["actual_value", "target_value", "self_score"],
                                _at(i, "actual", "target", "self_score"), tv, av, indicator=i["level3"], target=i["target"],
                                result=i["result"], max_score=fmt(i["max_score"])))
    return out


# --- 总分 -------------------------------------------------------------------------------
def _single_form(report):
    """The one form whose 总分 the report carries (a merged report holds at most one)."""
    forms = _forms(report)
    return forms[0] if len(forms) == 1 else None


def _form_sum(rule, report, printed: str, column: str, fields: list) -> list:
    """A printed sum of the form (`printed`) against `column` of its indicator rows plus
    its 资金 block's total line."""
    total, form = report.fields.get(printed), _single_form(report)
    if total is None or form is None:
        return []
    _, lines, rows = form
    values = [i[column] for i in rows] + [b[column] for b in lines if b["line"] == "total"]
    expected = round(sum(v for v in values if v is not None), 6)
    severity = judge(rule, total - expected)
    return [_finding(rule, severity, fields, report.locations.get("selfeval_score_total", ""),
                     expected, total)] if severity else []


@register("selfeval_total")
def check_total(rule, report):
    """总分 against the 资金 block's 得分 plus every indicator's 得分."""
    return _form_sum(rule, report, "selfeval_score_total", "self_score", ["score_total"])


@register("selfeval_max")
def check_max(rule, report):
    """The printed 分值 total against the 资金 block's 分值 plus every indicator's 分值."""
    return _form_sum(rule, report, "selfeval_score_max", "max_score", ["max_score"])
