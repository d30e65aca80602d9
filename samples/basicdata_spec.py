"""Family B samples: the Hunan 部门整体支出绩效评价基础数据表 + 指标表, from a spec.

A `BasicDataSpec` holds what a unit fills in (staff, the money rows for three year columns,
the 指标表 rows with the unit's own computations in 指标说明); `blocks(spec)` lays it out as
real Word tables (merged 一级/二级 cells, 分值 after every level) and `expected(spec)`
computes the expected JSON from the same figures, never from the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from samples.layout import C, P, PageBreak, TableBuilder
from samples.spec_model import D, json_number

PERIODS = ('prev_final', 'budget', 'final')
# (field or None, printed label): the rows of the 经费控制情况 block, in order; None rows
# (project sub-lines, the partial 公用经费 breakdown) are printed but are no contract field
MONEY_ROWS = [
    ('three_public_total', '三公经费'),
    ('three_public_vehicle', '1、公务用车购置和维护经费'),
    ('three_public_vehicle_purchase', '其中：公车购置'),
    ('three_public_vehicle_operation', '公车运行维护'),
    ('three_public_overseas', '2、出国经费'),
    ('three_public_reception', '3、公务接待'),
    ('expenditure_project', '项目支出：'),
    (None, '1、业务工作专项'),
    (None, '2、运行维护专项'),
    ('expenditure_public', '公用经费'),
    ('office_expenses', '其中：办公经费'),
    (None, '水费、电费、差旅费'),
    (None, '会议费、培训费'),
    ('government_procurement', '政府采购金额'),
    (None, '部门基本支出预算调整'),
]

# 一级, 二级, 三级, 分值, 评价标准: the generic Hunan 指标表 (投入13, 过程61, 产出14, 效果12)
TEMPLATE = [
    ('投入', '预算配置', '在职人员控制率', 5, '在职人员控制率≤100%，得5分；每超过1个百分点扣0.5分'),
    ('投入', '预算配置', '“三公经费”变动率', 8, '“三公经费”变动率≤0，得8分；每增加1个百分点扣1分'),
    ('过程', '预算执行', '预算完成率', 5, '预算完成率≥95%，得5分；每降低1个百分点扣0.5分'),
    ('过程', '预算执行', '预算控制率', 5, '预算控制率≤10%，得5分；每超过1个百分点扣0.5分'),
    ('过程', '预算执行', '新建楼堂馆所面积控制率', 5, '≤100%得5分，否则不得分'),
    ('过程', '预算执行', '新建楼堂馆所投资概算控制率', 5, '≤100%得5分，否则不得分'),
    ('过程', '预算管理', '公用经费控制率', 5, '≤100%得5分，每超过1个百分点扣0.5分'),
    ('过程', '预算管理', '政府采购执行率', 5, '=100%得5分，每降低1个百分点扣0.5分'),
    ('过程', '预算管理', '管理制度健全性', 5, '制度健全得5分，缺一项扣1分'),
    ('过程', '预算管理', '资金使用合规性', 6, '合规得6分，发现一例违规扣2分'),
    ('过程', '预算管理', '预决算信息公开性', 5, '按规定公开得5分'),
    ('过程', '资产管理', '管理制度健全性', 5, '制度健全得5分，缺一项扣1分'),
    ('过程', '资产管理', '资产管理安全性', 5, '资产安全运行得5分'),
    ('过程', '资产管理', '固定资产利用率', 5, '≥95%得5分，每降低1个百分点扣0.5分'),
    ('产出', '职责履行', '实际完成率', 4, '=100%得4分'),
    ('产出', '职责履行', '完成及时率', 4, '=100%得4分'),
    ('产出', '职责履行', '质量达标率', 3, '=100%得3分'),
    ('产出', '职责履行', '重点工作办结率', 3, '=100%得3分'),
    ('效果', '履职效益', '经济效益', 3, '效益明显得3分'),
    ('效果', '履职效益', '社会效益', 3, '效益明显得3分'),
    ('效果', '履职效益', '生态效益', 3, '效益明显得3分'),
    ('效果', '履职效益', '社会公众或服务对象满意度', 3, '≥90%得3分'),
]
FORMULAS = {  # 三级指标 -> the formula printed in 指标说明, before the unit's own figures
    '在职人员控制率': '在职人员控制率=(在职人员数/编制数)×100%',
    '“三公经费”变动率': '“三公经费”变动率=[(本年度“三公经费”决算数-上年度“三公经费”决算数)/上年度“三公经费”决算数]×100%',
    '预算完成率': '预算完成率=(上年结转+年初预算+本年追加预算-年末结余)/(上年结转+年初预算+本年追加预算)×100%',
    '预算控制率': '预算控制率=(本年追加预算/年初预算)×100%',
}


@dataclass
class BudgetFigures:
    """The figures behind 预算完成率 and 预算控制率 (万元)."""
    carryover: str
    initial: str
    added: str
    year_end_balance: str


@dataclass
class BasicDataSpec:
    name: str
    description: str
    unit: str                      # 预算单位名称 as written
    year: int
    staff_authorized: int
    staff_in_service: int
    money: dict                    # field -> (prev_final, budget, final) printed strings ('' blank)
    budget: BudgetFigures
    self_scores: dict = field(default_factory=dict)   # 三级 -> printed 得分 (default: full marks)
    title: str = '部门整体支出绩效评价基础数据表'
    indicator_title: str = '部门整体支出绩效评价指标表'
    attachment: str = '附件3'
    rate_printed: Optional[str] = None   # 控制率 as printed (None: computed, two decimals)
    computation_printed: dict = field(default_factory=dict)  # 三级 -> printed result (a slip)
    total_printed: Optional[str] = None  # 合计 得分 (None: the sum)
    weight_header: str = '分值'           # or 得分: one repost labels every weight column 得分
    labels: dict = field(default_factory=dict)   # printed label overrides, by MONEY_ROWS label
    intended_errors: list = field(default_factory=list)
    family_a: object = None               # a Family A ReportSpec printed before the sheets


def pct(value: Decimal) -> str:
    """A fraction printed as a percentage with two decimals: 0.93333 → 93.33%."""
    return f'{(value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)}%'


def control_rate(spec: BasicDataSpec) -> Decimal:
    return D(spec.staff_in_service) / D(spec.staff_authorized)


def rate_text(spec: BasicDataSpec) -> str:
    return spec.rate_printed or pct(control_rate(spec))


def computations(spec: BasicDataSpec) -> dict:
    """三级 -> (expression as printed, its true value, the result as printed)."""
    b = spec.budget
    tp = spec.money['three_public_total']
    base = f'{b.carryover}+{b.initial}+{b.added}'
    out = {
        '在职人员控制率': (f'{spec.staff_in_service}÷{spec.staff_authorized}×100%', control_rate(spec)),
        '预算完成率': (f'({base}-{b.year_end_balance})÷({base})×100%',
                  (D(b.carryover) + D(b.initial) + D(b.added) - D(b.year_end_balance))
                  / (D(b.carryover) + D(b.initial) + D(b.added))),
        '预算控制率': (f'{b.added}÷{b.initial}×100%', D(b.added) / D(b.initial)),
    }
    if tp[0].strip():  # no prior-year figure (a new unit): the formula only
        out['“三公经费”变动率'] = (f'({tp[2]}-{tp[0]})÷{tp[0]}×100%', (D(tp[2]) - D(tp[0])) / D(tp[0]))
    return {k: (expr, value, spec.computation_printed.get(k, pct(value)))
            for k, (expr, value) in out.items()}


def explanation(spec: BasicDataSpec, indicator: str) -> str:
    comp = computations(spec).get(indicator)
    if not comp:
        return FORMULAS.get(indicator, '')
    expr, _, printed = comp
    return f'{FORMULAS[indicator]}={expr}={printed}'


def score_rows(spec: BasicDataSpec) -> list:
    """(一级, 一级分值, 二级, 二级分值, 三级, 分值, 标准, 说明, 得分 printed) per row."""
    l1_pts, l2_pts = {}, {}
    for l1, l2, _, m, _ in TEMPLATE:
        l1_pts[l1] = l1_pts.get(l1, 0) + m
        l2_pts[(l1, l2)] = l2_pts.get((l1, l2), 0) + m
    return [(l1, l1_pts[l1], l2, l2_pts[(l1, l2)], l3, m, crit, explanation(spec, l3),
             spec.self_scores.get(l3, str(m))) for l1, l2, l3, m, crit in TEMPLATE]


def score_sum(spec: BasicDataSpec) -> Decimal:
    return sum((D(r[8]) for r in score_rows(spec)), Decimal(0))


def total_text(spec: BasicDataSpec) -> str:
    return spec.total_printed or f'{score_sum(spec).normalize():f}'


# --- layout -----------------------------------------------------------------------------

def data_table(spec: BasicDataSpec):
    y = spec.year
    tb = TableBuilder('basic_data', [5.2, 3.6, 3.6, 3.6])
    s = 10
    tb.row(C([P('预算单位名称', 'center', size=s)]), C([P(spec.unit, 'left', size=s)], 3))
    tb.row(C([P('财政供养人员情况\n（人）', 'center', size=s)], rs=2),
           C([P('编制数', 'center', size=s)]), C([P(f'{y}年实际在职人数', 'center', size=s)]),
           C([P('控制率', 'center', size=s)]))
    tb.row(C([P(str(spec.staff_authorized), 'center', size=s)]),
           C([P(str(spec.staff_in_service), 'center', size=s)]), C([P(rate_text(spec), 'center', size=s)]))
    tb.row(C([P('经费控制情况（万元）', 'center', size=s)]), C([P(f'{y - 1}年决算数', 'center', size=s)]),
           C([P(f'{y}年预算数', 'center', size=s)]), C([P(f'{y}年决算数', 'center', size=s)]))
    for fld, label in MONEY_ROWS:
        values = spec.money.get(fld, ('', '', '')) if fld else spec.money.get(label, ('', '', ''))
        tb.row(C([P(spec.labels.get(label, label), 'left', size=s)]),
               *[C([P(v, 'right', size=s)]) for v in values])
    tb.row(C([P(f'楼堂馆所控制情况\n（{y}年完工项目）', 'center', size=s)]), C([P('无', 'center', size=s)], 3))
    tb.row(C([P('厉行节约保障措施', 'center', size=s)]),
           C([P('严格执行中央八项规定精神，压减一般性支出，公务接待实行公函制度。', 'left', size=s)], 3))
    return tb.build()


def indicator_table(spec: BasicDataSpec):
    s = 8
    w = spec.weight_header
    tb = TableBuilder('indicator', [1.3, 0.9, 1.5, 0.9, 2.4, 0.9, 3.6, 3.6, 0.9], header_rows=1)
    tb.row(*[C([P(t, 'center', True, s)]) for t in
             ('一级指标', w, '二级指标', w, '三级指标', w, '评价标准', '指标说明', '得分')])
    rows = score_rows(spec)
    n1 = {r[0]: sum(1 for x in rows if x[0] == r[0]) for r in rows}
    n2 = {(r[0], r[2]): sum(1 for x in rows if (x[0], x[2]) == (r[0], r[2])) for r in rows}
    seen1, seen2 = set(), set()
    for l1, p1, l2, p2, l3, m, crit, expl, got in rows:
        cells = []
        if l1 not in seen1:
            seen1.add(l1)
            cells += [C([P(l1, 'center', size=s)], rs=n1[l1]), C([P(str(p1), 'center', size=s)], rs=n1[l1])]
        if (l1, l2) not in seen2:
            seen2.add((l1, l2))
            cells += [C([P(l2, 'center', size=s)], rs=n2[(l1, l2)]),
                      C([P(str(p2), 'center', size=s)], rs=n2[(l1, l2)])]
        cells += [C([P(l3, 'left', size=s)]), C([P(str(m), 'center', size=s)]),
                  C([P(crit, 'left', size=s)]), C([P(expl, 'left', size=s)]), C([P(got, 'center', size=s)])]
        tb.row(*cells)
    tb.row(C([P('合计', 'center', size=s)], 5), C([P('100', 'center', size=s)]),
           C([P('', size=s)], 2), C([P(total_text(spec), 'center', size=s)]))
    return tb.build()


def blocks(spec: BasicDataSpec) -> list:
    out = []
    if spec.family_a is not None:
        from samples.layout import build_blocks
        out += build_blocks(spec.family_a) + [PageBreak()]
    out += [P(spec.attachment, 'left', False, 14), P(spec.title, 'center', True, 16),
            P(f'填报单位：{spec.unit}（盖章）\t\t单位：万元', 'left'), data_table(spec),
            P('说明：项目支出需要填报基本支出以外的所有项目支出情况，公用经费填报基本支出中的一般商品和服务支出。'),
            PageBreak(), P(spec.indicator_title, 'center', True, 16), indicator_table(spec), P('')]
    return out


# --- expected values ----------------------------------------------------------------------

def facts(spec: BasicDataSpec) -> list:
    out = [{'table': 'basic_data', 'entity': '', 'field': 'staff_authorized', 'value': spec.staff_authorized,
            'period': 'final'},
           {'table': 'basic_data', 'entity': '', 'field': 'staff_in_service', 'value': spec.staff_in_service,
            'period': 'final'},
           {'table': 'basic_data', 'entity': '', 'field': 'staff_control_rate',
            'value': json_number(D(rate_text(spec).rstrip('%')) / 100), 'period': 'final'}]
    for fld, _ in MONEY_ROWS:
        if not fld:
            continue
        for period, v in zip(PERIODS, spec.money.get(fld, ('', '', ''))):
            if v.strip():
                out.append({'table': 'basic_data', 'entity': '', 'field': fld,
                            'value': json_number(D(v)), 'period': period})
    return out


def find_errors(spec: BasicDataSpec) -> list:
    errors = []
    rate = D(rate_text(spec).rstrip('%')) / 100
    if abs(rate - control_rate(spec)) > Decimal('0.0011'):
        errors.append({'rule': 'basic_control_rate',
                       'fields': ['staff_control_rate', 'staff_in_service', 'staff_authorized']})
    for ind, (_, value, printed) in computations(spec).items():
        if abs(D(printed.rstrip('%')) - value * 100) > Decimal('0.05'):
            errors.append({'rule': 'score_explanation_computation', 'fields': ['explanation']})
    for l1, p1, l2, p2, l3, m, *_rest, got in score_rows(spec):
        if D(got) > D(m):
            errors.append({'rule': 'score_above_max', 'fields': ['self_score', 'max_score']})
    if D(total_text(spec)) != score_sum(spec):
        errors.append({'rule': 'score_total_sum', 'fields': ['score_total']})
    return errors


def expected(spec: BasicDataSpec, file_name: Optional[str] = None) -> dict:
    from samples import spec as family_a

    errors = find_errors(spec)
    if sorted(e['rule'] for e in errors) != sorted(spec.intended_errors):
        raise AssertionError(f'{spec.name}: findings {[e["rule"] for e in errors]} '
                             f'differ from the intended {spec.intended_errors}')
    report = {'year': spec.year, 'year_source': 'table', 'department': spec.unit,
              'department_source': 'table', 'staff_authorized': spec.staff_authorized,
              'staff_actual': spec.staff_in_service, 'score_total': json_number(D(total_text(spec))),
              'form': 'basic_data_table'}
    rows = [{'level1': r[0], 'level2': r[2], 'indicator': r[4], 'max_score': r[5],
             'self_score': json_number(D(r[8]))} for r in score_rows(spec)]
    out = {'file': file_name or f'{spec.name}.docx', 'report': report, 'facts': facts(spec),
           'scores': rows, 'indicators': [], 'sections': [], 'errors': errors}
    if spec.family_a is not None:
        a = family_a.expected(spec.family_a, out['file'])
        a['report'].update(form='dept_report;basic_data_table')
        a['facts'] += out['facts']
        a['scores'] += rows
        a['errors'] += errors
        out = a
    return format2(out)


def format2(one: dict) -> dict:
    """The format-2 expected JSON (samples/README.md) of a file holding one report; a clean
    sheet has no warnings (its 控制率 is printed to two decimals of its own figures)."""
    return {'format': 2, 'file': one['file'], 'reports': [{
        'id_suffix': '', 'report': one['report'], 'facts': one['facts'], 'scores': one['scores'],
        'indicators': one['indicators'], 'budget_execution': [],
        'sections': [{'path': p} for p in one['sections']],
        'errors': one['errors'], 'warnings': []}]}
