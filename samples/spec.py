"""The data-driven description of one sample report, and everything derived from it.

A `ReportSpec` says what a report contains (figures, texts, scores) and how it is laid out.
From the spec alone this module derives the narrative paragraphs, the facts, the score rows,
the indicators, the outline and the error-level findings the report should produce; the
expected JSON is built from these, never by reading a generated file back.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from samples import seed_data as sd
from samples.spec_model import (D, FIELD_TABLE, TABLE_FIELDS, ReportSpec, department_row,
                                 json_number, num, plain, round_half_up)
from samples.spec_narrative import build_narrative, sections

# ---------------------------------------------------------------------------------------
# Targets (定性/定量) and the score sheet
# ---------------------------------------------------------------------------------------

CATEGORY_PRINT = {
    '产出目标': '产出目标\n（部门工作实绩，包含上级部门和区委区政府布置的重点工作、实事任务等，根据部门实际进行调整细化）',
    '效益目标': '效益目标\n（预期实现的效益）',
}


@dataclass
class QuantRow:
    lines: list      # printed lines of the 绩效目标 cell ('指标1：…'; '' = empty paragraph)
    result: str


@dataclass
class QuantDim:
    category: str
    dimension: str
    rows: list


def _numbered(texts, start=1, colon='：'):
    return [f'指标{i}{colon}{t}' for i, t in enumerate(texts, start)]


def quant_dims(spec: ReportSpec) -> list:
    if spec.seed:
        one = lambda lines, res='已完成': [QuantRow(list(lines), res)]  # noqa: E731
        per = lambda lines: [QuantRow([l], '已完成') for l in lines]     # noqa: E731
        return [
            QuantDim('产出目标', '质量指标', per(sd.SEED_QUANT_QUALITY)),
            QuantDim('产出目标', '数量指标', per(sd.SEED_QUANT_QUANTITY)),
            QuantDim('产出目标', '时效指标', one([f'指标1：{spec.year}年底'])),
            QuantDim('产出目标', '成本指标', one(['指标1：按年初预算控制成本'])),
            QuantDim('效益目标', '社会效益', one(sd.SEED_QUANT_SOCIAL)),
            QuantDim('效益目标', '经济效益', one(sd.SEED_QUANT_ECONOMIC)),
            QuantDim('效益目标', '生态效益', one(sd.SEED_QUANT_ECOLOGICAL)),
            QuantDim('效益目标', '社会公众或服务对象满意度', one(sd.SEED_QUANT_SATISFACTION, '97%')),
        ]
    d = spec.dept
    per_row = spec.layout.quant_style == 'seed'
    quality = [t for t, _ in d.tasks[:3]]
    when = f'{spec.year}年12月底前完成全年工作任务' if spec.narrative.with_year else '年底前完成全年工作任务'

    def rows(texts, result='已完成', split=False):
        lines = _numbered(texts, colon=spec.target_colon)
        return [QuantRow([l], result) for l in lines] if split else [QuantRow(lines, result)]

    dim = lambda name: spec.dimension_labels.get(name, name)  # noqa: E731
    if spec.target_residue:  # the template's unused slots, left as printed
        q = rows(quality, split=per_row)
        if per_row:
            q.append(QuantRow([f'指标{len(quality) + 1}{spec.target_colon}'], ''))
        else:
            q[0].lines.append(f'指标{len(quality) + 1}{spec.target_colon}')
        social = rows(d.social)
        social[0].lines.append(f'指标{len(d.social) + 1}{spec.target_colon}')
        return [
            QuantDim('产出目标', dim('质量指标'), q),
            QuantDim('产出目标', dim('数量指标'), rows(d.quantity, split=per_row)),
            QuantDim('产出目标', dim('时效指标'), rows([when])),
            QuantDim('产出目标', dim('成本指标'), rows(['按年初预算控制成本'])),
            QuantDim('效益目标', dim('社会效益'), social),
            QuantDim('效益目标', dim('经济效益'), rows(d.economic)),
            QuantDim('效益目标', dim('生态效益'), rows(d.ecological)),
            QuantDim('效益目标', dim('社会公众或服务对象满意度'), rows(d.satisfaction, d.satisfaction_rate)),
        ]
    return [
        QuantDim('产出目标', dim('质量指标'), rows(quality, split=per_row)),
        QuantDim('产出目标', dim('数量指标'), rows(d.quantity, split=per_row)),
        QuantDim('产出目标', dim('时效指标'), rows([when])),
        QuantDim('产出目标', dim('成本指标'), rows(['按年初预算控制成本'])),
        QuantDim('效益目标', dim('社会效益'), rows(d.social)),
        QuantDim('效益目标', dim('经济效益'), rows(d.economic)),
        QuantDim('效益目标', dim('生态效益'), rows(d.ecological)),
        QuantDim('效益目标', dim('社会公众或服务对象满意度'), rows(d.satisfaction, d.satisfaction_rate)),
    ]


def indicators(dims: list) -> list:
    out = []
    for dim in dims:
        seq = 0
        for row in dim.rows:
            for line in row.lines:
                # '指标3：' with nothing after it is an unused template slot, not an indicator
                if line.startswith('指标') and line.rstrip().rstrip(':：').rstrip('0123456789') != '指标':
                    seq += 1
                    out.append({'category': dim.category, 'dimension': dim.dimension, 'seq': seq})
    return out


def qualitative(spec: ReportSpec) -> tuple:
    if spec.seed:
        return list(sd.SEED_QUAL_EXPECTED), sd.SEED_QUAL_ACTUAL
    tasks = spec.dept.tasks
    return [f'目标{i}：{t}' for i, (t, _) in enumerate(tasks, 1)], ''.join(b for _, b in tasks)


def clean_label(s: str) -> str:
    """Score-sheet label without line breaks, inner spaces and the '（15分）' suffix."""
    import re
    s = re.sub(r'\s+', '', s.replace('\u3000', ''))
    return re.sub(r'[（(]\d+分[)）]$', '', s)


@dataclass
class ScoreRow:
    level1: str
    level2: str
    indicator_print: str
    criteria: Optional[str]   # None: merged with the row above
    max_score: Optional[int]  # None: merged with the row above (shared 分值 cell)
    in_group: bool            # part of a shared 分值 cell
    self_print: str
    note: str

    @property
    def indicator(self) -> str:
        return clean_label(self.indicator_print)


def score_rows(spec: ReportSpec) -> list:
    tpl = sd.SCORE_TEMPLATE
    deductions = dict(sd.SEED_DEDUCTIONS) if spec.seed else {}
    deductions.update(spec.scores.deductions)
    out = []
    for i, (l1, l2, ind, crit, mx) in enumerate(tpl):
        grouped = mx is None or (i + 1 < len(tpl) and tpl[i + 1][4] is None)
        key = (l2, clean_label(ind))
        default = str(mx) if mx is not None and not grouped else '5'
        self_print, note = deductions.pop(key, (default, ''))
        out.append(ScoreRow(l1, l2, ind, crit, mx, grouped, self_print, note))
    if deductions:
        raise KeyError(f'{spec.name}: unknown score rows {sorted(deductions)}')
    return out


def score_sum(rows: list) -> Decimal:
    return sum((D(r.self_print) for r in rows), Decimal(0))


def score_total_printed(spec: ReportSpec, rows: list) -> str:
    return spec.scores.total_printed or plain(score_sum(rows))


GRADE_WORDS = {'优秀': '优', '良好': '良', '中等': '中', '合格': '中', '较差': '差', '不合格': '差'}


def grade_for(total: Decimal) -> str:
    if total >= 90:
        return '优'
    if total >= 80:
        return '良'
    if total >= 60:
        return '中'
    return '差'


def grade(spec: ReportSpec, rows: list) -> str:
    return spec.scores.grade or grade_for(D(score_total_printed(spec, rows)))


def score_stated(spec: ReportSpec, rows: list) -> tuple:
    """(printed text, value) of 绩效自评综合得分."""
    total = D(score_total_printed(spec, rows))
    style = spec.scores.stated
    if style == 'pct_int':
        v = Decimal(round_half_up(total))
        return f'{v}%', v
    if style == 'pct':
        return f'{plain(total)}%', total
    if style == 'plain':
        return plain(total), total
    if style == 'fen':
        return f'{plain(total)}分', total
    raise ValueError(style)


# ---------------------------------------------------------------------------------------
# Facts and findings
# ---------------------------------------------------------------------------------------


def table_facts(spec: ReportSpec) -> list:
    facts = []
    for key in ('staff_authorized', 'staff_actual'):
        v = num(getattr(spec, key))
        if v is not None:
            facts.append({'table': 'basic_info', 'entity': '', 'field': key, 'value': v})
    for t, fs in TABLE_FIELDS.items():
        if not spec.has_table(t):
            continue
        for e in spec.entities:
            for f in fs:
                v = num(e.values[t][f])
                if v is not None:
                    facts.append({'table': t, 'entity': e.name.strip(), 'field': f, 'value': v})
    return facts


SUM_RULES = [
    ('income_total_sum', 'income', 'income_total', TABLE_FIELDS['income'][1:]),
    ('expenditure_total_sum', 'expenditure', 'expenditure_total',
     ['expenditure_basic', 'expenditure_project']),
    ('expenditure_basic_sum', 'expenditure', 'expenditure_basic',
     ['expenditure_personnel', 'expenditure_public']),
    ('three_public_total_sum', 'three_public', 'three_public_total', TABLE_FIELDS['three_public'][1:]),
    ('fixed_assets_total_sum', 'fixed_assets', 'fixed_assets_total', TABLE_FIELDS['fixed_assets'][1:]),
]
TOLERANCE = Decimal('0.005')


def _sum_check(total: Optional[Decimal], parts: list) -> bool:
    """True when the check applies and fails. Blank parts count as 0 when the total and at
    least one part are present."""
    present = [p for p in parts if p is not None]
    if total is None or not present:
        return False
    return abs(total - sum(present, Decimal(0))) > TOLERANCE


def find_errors(spec: ReportSpec, facts: list, rows: list) -> list:
    """The error-level findings, from the spec's values (the lead's rule ids)."""
    errors = []

    def err(rule, fields):
        errors.append({'rule': rule, 'fields': list(fields)})

    # 1. sums inside each row of each money table
    for rule, t, total, parts in SUM_RULES:
        if not spec.has_table(t):
            continue
        for e in spec.entities:
            v = e.values[t]
            if _sum_check(num(v[total]), [num(v[p]) for p in parts]):
                err(rule, [total] + parts)
    # 2. the 合计 row against the unit rows, per column
    totals = [e for e in spec.entities if e.is_total]
    units = [e for e in spec.entities if not e.is_total]
    if totals and len(units) >= 2:
        for t, fs in TABLE_FIELDS.items():
            if not spec.has_table(t):
                continue
            for f in fs:
                if _sum_check(num(totals[0].values[t][f]), [num(u.values[t][f]) for u in units]):
                    err('entity_total_row', [f])
    # 3. narrative against the tables and itself
    narr = {f['field']: f['value'] for f in facts if f['table'] == 'narrative'}
    row = department_row(spec)
    for f, v in narr.items():
        if f in FIELD_TABLE:
            tv = num(row.values[FIELD_TABLE[f]][f]) or Decimal(0)
            if abs(tv - v) > TOLERANCE:
                err('narrative_vs_table', [f])
        elif f == 'staff_authorized' and num(spec.staff_authorized) is not None:
            if num(spec.staff_authorized) != v:
                err('narrative_vs_table', [f])
    if _sum_check(narr.get('expenditure_personnel'),
                  [narr.get('wages_welfare'), narr.get('household_subsidies')]):
        err('narrative_personnel_sum', ['expenditure_personnel', 'wages_welfare', 'household_subsidies'])
    if _sum_check(narr.get('staff_total'), [narr.get('staff_in_service'), narr.get('staff_retired')]):
        err('staff_sum', ['staff_total', 'staff_in_service', 'staff_retired'])
    # 4. the score sheet
    group_max, group_sum = None, Decimal(0)
    for r in rows:
        s = D(r.self_print)
        if r.in_group:
            if r.max_score is not None:
                group_max, group_sum = D(r.max_score), Decimal(0)
            group_sum += s
            continue
        if s > r.max_score:
            err('score_above_max', ['self_score', 'max_score'])
    if group_max is not None and group_sum > group_max:
        err('score_above_max', ['self_score', 'max_score'])
    printed = D(score_total_printed(spec, rows))
    if abs(printed - score_sum(rows)) > TOLERANCE:
        err('score_total_sum', ['score_total'])
    written = grade(spec, rows)
    if GRADE_WORDS.get(written, written) != grade_for(printed):
        err('grade_vs_score', ['grade', 'score_total'])
    return errors


# ---------------------------------------------------------------------------------------
# The expected JSON
# ---------------------------------------------------------------------------------------


def expected(spec: ReportSpec, file_name: Optional[str] = None) -> dict:
    paras, narr_facts = build_narrative(spec)
    rows = score_rows(spec)
    facts = table_facts(spec) + narr_facts
    errors = find_errors(spec, facts, rows)
    if sorted(e['rule'] for e in errors) != sorted(spec.intended_errors):
        raise AssertionError(f'{spec.name}: findings {[e["rule"] for e in errors]} '
                             f'differ from the intended {spec.intended_errors}')
    if spec.cover or spec.layout.narrative == 'first':  # a cover, or a title line at the top
        year_source = 'cover'
    elif spec.narrative.with_year:
        year_source = 'narrative'
    else:
        year_source = 'filename'
    stated_text, stated_value = score_stated(spec, rows)
    report = {
        'year': spec.year,
        'department': spec.cover.department if spec.cover else
        (spec.dept.full_name if spec.layout.narrative == 'first' else None),
        'budget_code': (spec.cover.budget_code or None) if spec.cover else None,
        'staff_authorized': _opt(num(spec.staff_authorized)),
        'staff_actual': _opt(num(spec.staff_actual)),
        'score_total': json_number(D(score_total_printed(spec, rows))),
        'score_stated': json_number(stated_value),
        'grade': grade(spec, rows),
        'year_source': year_source,
    }
    return {
        'file': file_name or spec.docx_name,
        'report': report,
        'facts': [dict(f, value=json_number(f['value'])) for f in facts],
        'scores': [{'level1': r.level1, 'level2': r.level2, 'indicator': r.indicator,
                    'max_score': None if r.in_group else r.max_score,
                    'self_score': json_number(D(r.self_print))} for r in rows],
        'indicators': indicators(quant_dims(spec)),
        'sections': sections(paras),
        'errors': errors,
    }


def _opt(d: Optional[Decimal]):
    return None if d is None else json_number(d)
