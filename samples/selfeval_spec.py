"""Specs of Family C samples (项目支出 / 部门整体支出绩效自评表) and their expected values.

A `FormSpec` holds what a unit fills in: the head, the funding lines (amounts as Decimals),
the 年度总体目标, the indicators (target and actual as structured values, printed from
them) and the 总分. The printed texts are derived from the spec and so are the expected
values and findings, with arithmetic of their own here (never by reading a file back);
`expected_file` checks that the findings are exactly the ones the sample intends.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from samples.spec_model import D, json_number

OP_GLYPHS = {'>=': '≥', '<=': '≤', '=': '=', '>': '＞', '<': '＜', '': ''}
FIELDS = {  # rule -> the canonical fields its finding names (as the reconciler does)
    'budget_rate_mismatch': ['rate', 'executed', 'budget_adjusted'],
    'budget_score_mismatch': ['self_score', 'max_score', 'rate'],
    'indicator_above_max': ['self_score', 'max_score'],
    'indicator_level_points': ['max_score'],
    'selfeval_level_weight': ['max_score'],
    'indicator_full_marks_missed': ['actual_value', 'target_value', 'self_score'],
    'selfeval_total_sum': ['score_total'],
    'selfeval_max_sum': ['max_score'],
    'dept_funds_income_sum': ['income_total', 'income_fiscal', 'income_gov_fund',
                              'income_special_account', 'income_other'],
    'dept_funds_expenditure_sum': ['expenditure_total', 'expenditure_basic', 'expenditure_project'],
    'dept_funds_income_vs_expenditure': ['income_total', 'expenditure_total'],
    'grade_vs_score': ['grade', 'score_total'],
}
SEVERITY = {'budget_rate_mismatch': 'error', 'budget_score_mismatch': 'error',
            'budget_lines_sum': 'error', 'indicator_above_max': 'error',
            'indicator_level_points': 'warning', 'selfeval_level_weight': 'warning',
            'indicator_full_marks_missed': 'warning', 'selfeval_total_sum': 'error',
            'selfeval_max_sum': 'warning', 'dept_funds_income_sum': 'error',
            'dept_funds_expenditure_sum': 'error', 'dept_funds_income_vs_expenditure': 'warning',
            'grade_vs_score': 'error'}
NATIONAL = {'产出指标': 50, '效益指标': 30, '满意度指标': 10, '服务对象满意度指标': 10}
UNITS = {'百分比': '%'}  # printed unit -> the unit the reader gives
GRADES = [(90, '优'), (80, '良'), (60, '中'), (0, '差')]


@dataclass
class Value:
    """An indicator value: operator, number and unit, or a text without a number."""
    op: str = ''
    number: Optional[str] = None
    unit: str = ''
    text: Optional[str] = None      # printed as is when there is no number
    style: str = 'glyph'            # glyph (≥50个) | word (不低于50个) | suffix (50个以上)

    def printed(self) -> str:
        if self.number is None:
            return self.text or ''
        if self.style == 'word' and self.op in ('>=', '<='):
            return ('不低于' if self.op == '>=' else '不高于') + self.number + self.unit
        if self.style == 'suffix' and self.op in ('>=', '<='):
            return self.number + self.unit + ('以上' if self.op == '>=' else '以内')
        return OP_GLYPHS[self.op] + self.number + self.unit


def V(text: str) -> Value:
    """`>=50个` / `<=90万元` / `100%` / `text:达成预期指标` → a Value (spec shorthand)."""
    if text.startswith('text:'):
        return Value(text=text[5:])
    op = next((o for o in ('>=', '<=', '>', '<', '=') if text.startswith(o)), '')
    rest = text[len(op):]
    i = len(rest)
    while i and not rest[i - 1].isdigit():
        i -= 1
    return Value(op, rest[:i], rest[i:])


@dataclass
class Ind:
    level1: str
    level2: str
    level3: str
    target: Value
    actual: Value
    max_score: str
    self_score: str
    note: str = ''


@dataclass
class Line:
    label: str                       # as printed: '其中：当年财政拨款'
    line: str                        # canonical: total | fiscal | carryover | other ...
    initial: Optional[str] = None    # amounts in 万元 as printed texts (None: '-')
    adjusted: Optional[str] = None
    executed: Optional[str] = None
    max_score: Optional[str] = None  # only the 年度资金总额 line has 分值 / 得分
    rate_override: Optional[str] = None    # a slip: the printed 执行率
    score_override: Optional[str] = None   # a slip: the printed 得分


@dataclass
class FormSpec:
    kind: str                        # project | dept
    year: int
    lines: list
    indicators: list
    goal_expected: str
    goal_actual: str
    project_name: str = ''           # as printed, maybe with a code prefix
    supervising: str = ''
    implementing: str = ''
    department: str = ''             # dept form: 预算部门、单位名称
    dept_funds: list = field(default_factory=list)   # (label, field, amount, side: income|expenditure)
    points_in_labels: bool = True    # 产出指标（50分）
    total_override: Optional[str] = None
    grade: Optional[str] = None
    title_in_table: bool = False
    merge_levels: str = 'merged'     # merged | first (pasted: first row only) | every
    fund_cols: tuple = ('initial', 'adjusted', 'executed', 'max', 'rate', 'score')
    labels: dict = field(default_factory=dict)       # spelling overrides of header labels
    intended: list = field(default_factory=list)     # rule ids of the findings it must give
    rate_decimals: int = 2
    points_override: dict = field(default_factory=dict)   # a slip: points printed in a level label

    # --- computed values -----------------------------------------------------------
    def rate(self, ln: Line) -> Optional[Decimal]:
        if ln.executed is None or not ln.adjusted or D(ln.adjusted) == 0:
            return None
        return D(ln.executed) / D(ln.adjusted)

    def rate_text(self, ln: Line) -> str:
        if ln.rate_override is not None:
            return ln.rate_override
        r = self.rate(ln)
        if r is None or ln.max_score is None:
            return '-'
        q = Decimal(1).scaleb(-self.rate_decimals)
        return f'{(r * 100).quantize(q, ROUND_HALF_UP)}%'

    def printed_rate(self, ln: Line) -> Optional[Decimal]:
        text = self.rate_text(ln)
        return None if text == '-' else D(text.rstrip('%')) / 100

    def line_score(self, ln: Line) -> Optional[Decimal]:
        if ln.max_score is None:
            return None
        if ln.score_override is not None:
            return D(ln.score_override)
        rate = self.printed_rate(ln)
        return min(D(ln.max_score), (D(ln.max_score) * rate).quantize(Decimal('0.01'), ROUND_HALF_UP))

    def total_score(self) -> Decimal:
        if self.total_override is not None:
            return D(self.total_override)
        return self.sum_scores()

    def sum_scores(self) -> Decimal:
        return sum((D(i.self_score) for i in self.indicators), Decimal(0)) + \
            sum((self.line_score(ln) or 0 for ln in self.lines), Decimal(0))

    def total_max(self) -> Decimal:
        return sum((D(i.max_score) for i in self.indicators), Decimal(0)) + \
            sum((D(ln.max_score) for ln in self.lines if ln.max_score), Decimal(0))

    def row_points(self) -> dict:
        """{level1: the sum of its rows' 分值}."""
        out = {}
        for i in self.indicators:
            out[i.level1] = out.get(i.level1, Decimal(0)) + D(i.max_score)
        return out

    def level_points(self) -> dict:
        """{level1: points} as printed in the labels (the sum of the rows unless a slip)."""
        return {k: D(self.points_override.get(k, v)) for k, v in self.row_points().items()}


# --- findings, computed from the spec ------------------------------------------------
def findings(form: FormSpec) -> list:
    """(rule, fields) of every finding the form's figures call for."""
    out = []
    for ln in form.lines:
        r, pr = form.rate(ln), form.printed_rate(ln)
        if r is not None and pr is not None and abs(pr - r) > Decimal(1).scaleb(-form.rate_decimals - 2) / 2:
            out.append('budget_rate_mismatch')
        score = form.line_score(ln)
        if score is not None and pr is not None:
            want = min(D(ln.max_score), D(ln.max_score) * pr)
            if abs(score - want) > Decimal('0.011'):
                out.append('budget_score_mismatch')
    total = next((ln for ln in form.lines if ln.line == 'total'), None)
    parts = [ln for ln in form.lines if ln.line != 'total']
    for col, name in (('initial', 'budget_initial'), ('adjusted', 'budget_adjusted'),
                      ('executed', 'executed')):
        values = [D(getattr(p, col)) for p in parts if getattr(p, col) is not None]
        if total is not None and getattr(total, col) is not None and values and \
                abs(D(getattr(total, col)) - sum(values)) > Decimal('0.011'):
            out.append(('budget_lines_sum', [name]))
    for i in form.indicators:
        if D(i.self_score) > D(i.max_score):
            out.append('indicator_above_max')
        t, a = i.target, i.actual
        if t.number is not None and a.number is not None and (t.op or t.unit == '%') and \
                (not a.unit or a.unit == t.unit) and D(i.self_score) >= D(i.max_score) and \
                _misses(t.op, D(t.number), D(a.number)):
            out.append('indicator_full_marks_missed')
    if form.points_in_labels:
        rows = form.row_points()
        for level, points in form.level_points().items():
            if points != rows[level]:
                out.append('indicator_level_points')
            if level in NATIONAL and points != NATIONAL[level]:
                out.append('selfeval_level_weight')
    if total is not None and total.max_score is not None and D(total.max_score) != 10:
        out.append('selfeval_level_weight')
    if abs(form.total_score() - form.sum_scores()) > Decimal('0.011'):
        out.append('selfeval_total_sum')
    if form.total_max() != 100:
        out.append('selfeval_max_sum')
    out += _dept_funds_findings(form)
    if form.grade and _grade(form.total_score()) != form.grade:
        out.append('grade_vs_score')
    return [f if isinstance(f, tuple) else (f, FIELDS[f]) for f in out]


def _misses(op: str, target: Decimal, actual: Decimal) -> bool:
    return {'>=': actual < target, '': actual < target, '>': actual <= target,
            '<=': actual > target, '<': actual >= target, '=': actual != target}[op]


def _grade(score: Decimal) -> str:
    return next(g for lo, g in GRADES if score >= lo)


def _dept_funds_findings(form: FormSpec) -> list:
    amounts = {f: D(a) for _, f, a, _ in form.dept_funds}
    out = []
    for total, parts, rule in (
            ('income_total', ('income_fiscal', 'income_gov_fund', 'income_special_account',
                              'income_other'), 'dept_funds_income_sum'),
            ('expenditure_total', ('expenditure_basic', 'expenditure_project'),
             'dept_funds_expenditure_sum')):
        present = [amounts[p] for p in parts if p in amounts]
        if total in amounts and present and abs(amounts[total] - sum(present)) > Decimal('0.011'):
            out.append(rule)
    if 'income_total' in amounts and 'expenditure_total' in amounts and \
            abs(amounts['income_total'] - amounts['expenditure_total']) > Decimal('0.011'):
        out.append('dept_funds_income_vs_expenditure')
    return out


# --- the expected JSON -----------------------------------------------------------------
def strip_code(name: str):
    head, sep, rest = name.partition('-')
    if sep and head.isalnum() and any(ch.isdigit() for ch in head):
        return rest, head
    return name, None


def _num(s: Optional[str]):
    return None if s is None else json_number(D(s))


def form_name(form: FormSpec) -> str:
    return 'project_selfeval_table' if form.kind == 'project' else 'dept_selfeval_table'


def expected_report(form: FormSpec) -> dict:
    """The expected records of one form read as a report of its own."""
    found = findings(form)
    if sorted(r for r, _ in found) != sorted(form.intended):
        raise AssertionError(f'findings {sorted(found)} differ from the intended {sorted(form.intended)}')
    impl, impl_code = strip_code(form.implementing)
    dept, dept_code = strip_code(form.department)
    report = {
        'form': form_name(form), 'year': form.year, 'year_source': 'cover',
        'project_name': strip_code(form.project_name)[0] or None,
        'supervising_department': strip_code(form.supervising)[0] or None,
        'implementing_unit': impl or None,
        'department': dept or impl or strip_code(form.supervising)[0] or None,
        'budget_code': impl_code or dept_code,
        'score_total': json_number(form.total_score()), 'grade': form.grade,
    }
    lines = []
    for ln in form.lines:
        pr = form.printed_rate(ln)
        lines.append({'line': ln.line, 'label_raw': ln.label, 'budget_initial': _num(ln.initial),
                      'budget_adjusted': _num(ln.adjusted), 'executed': _num(ln.executed),
                      'rate': None if pr is None else float(pr), 'max_score': _num(ln.max_score),
                      'self_score': None if form.line_score(ln) is None else json_number(form.line_score(ln))})
    return {
        'report': report,
        'facts': [{'table': 'dept_funds', 'entity': '', 'field': f, 'value': json_number(D(a))}
                  for _, f, a, _ in form.dept_funds],
        'budget_execution': lines,
        'indicators': [_indicator(form, i, k) for k, i in enumerate(form.indicators)],
        'sections': [{'path': '年度总体目标/预期目标', 'text': form.goal_expected},
                     {'path': '年度总体目标/实际完成情况', 'text': form.goal_actual}],
        'errors': [{'rule': r, 'fields': f} for r, f in found if SEVERITY[r] == 'error'],
        'warnings': [{'rule': r, 'fields': f} for r, f in found if SEVERITY[r] == 'warning'],
    }


def _indicator(form: FormSpec, i: Ind, k: int) -> dict:
    t, a = i.target, i.actual
    return {'level1': i.level1, 'level2': i.level2, 'level3': i.level3,
            'operator': t.op or None, 'target_value': _num(t.number), 'actual_value': _num(a.number),
            'value_unit': UNITS.get(t.unit or a.unit, t.unit or a.unit) or None, 'max_score': _num(i.max_score),
            'self_score': _num(i.self_score), 'target': t.printed(), 'result': a.printed(),
            'deviation_note': i.note}
