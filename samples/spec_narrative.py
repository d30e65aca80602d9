"""The 评价报告综述 of a sample report, written from its spec: paragraphs, the figures
they state and the outline paths they give."""
from __future__ import annotations

import string
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from samples import seed_data as sd
from samples.spec_model import (D, FIELD_TABLE, TABLE_FIELDS, ReportSpec, department_row,
                                 fmt_number, num)

# ---------------------------------------------------------------------------------------
# Narrative (评价报告综述)
# ---------------------------------------------------------------------------------------

CN_NUM = '一二三四五六七八九十'
H1_TITLES = ['部门（单位）概况', '部门（单位）整体支出管理及使用情况', '部门（单位）专项组织实施情况',
             '部门（单位）整体支出绩效情况', '存在的主要问题', '改进措施和有关建议']
NARRATIVE_FIELDS = {'staff_total', 'staff_in_service', 'staff_retired', 'wages_welfare',
                    'household_subsidies', 'staff_authorized'} | set(FIELD_TABLE)
COUNT_FIELDS = {'staff_total', 'staff_in_service', 'staff_retired', 'staff_authorized'}


@dataclass
class NarrPara:
    kind: str               # h1 | h2 | h3 | p
    part: Optional[str]     # outline part for headings: '一', '（一）', '1'
    text: str


def narrative_figures(spec: ReportSpec) -> dict:
    """The numbers the narrative states, from the department row of the tables as printed."""
    row = department_row(spec)

    def tv(t, f):
        return num(row.values[t][f]) or Decimal(0)

    n = spec.narrative
    fig = {
        'staff_total': D(n.staff_total), 'staff_in_service': D(n.staff_in_service),
        'staff_retired': D(n.staff_retired),
        'expenditure_basic': tv('expenditure', 'expenditure_basic'),
        'expenditure_personnel': tv('expenditure', 'expenditure_personnel'),
        'household_subsidies': D(n.household_subsidies),
        'expenditure_public': tv('expenditure', 'expenditure_public'),
        'expenditure_project': tv('expenditure', 'expenditure_project'),
        'three_public_total': tv('three_public', 'three_public_total'),
    }
    for f in TABLE_FIELDS['three_public'][1:]:
        fig[f] = tv('three_public', f)
    fig['wages_welfare'] = fig['expenditure_personnel'] - fig['household_subsidies']
    for t in spec.layout.money_tables:   # every other figure of the department row
        for f in TABLE_FIELDS[t]:
            fig.setdefault(f, tv(t, f))
    if num(spec.staff_authorized) is not None:
        fig['staff_authorized'] = num(spec.staff_authorized)
    for k, v in n.overrides.items():
        fig[k] = D(v)
    return fig


def fill(template: str, values: dict, fmt: str, facts: list) -> str:
    """Fill {field} slots; record a narrative fact for each contract field, in text order."""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        v = values[name]
        if name in NARRATIVE_FIELDS:
            facts.append({'table': 'narrative', 'entity': '', 'field': name, 'value': v})
            out.append(str(int(v)) if name in COUNT_FIELDS else fmt_number(v, fmt))
        else:
            out.append(str(v))
    return ''.join(out)


def _money_template(spec: ReportSpec, fig: dict) -> str:
    n = spec.narrative
    yr = '{year}年' if n.with_year else '本年度'
    if n.omit_basic:
        t = yr + '人员经费支出{expenditure_personnel}万元'
    else:
        t = yr + '基本支出{expenditure_basic}万元，其中人员经费支出{expenditure_personnel}万元'
    t += ('，包括工资福利支出{wages_welfare}万元，对个人和家庭的补助支出{household_subsidies}万元；'
          '日常公用经费支出{expenditure_public}万元。')
    if n.with_project:
        t += '项目支出{expenditure_project}万元，主要用于部门重点工作和专项业务。'
    t += yr + '“三公”经费{three_public_total}万元'
    if n.three_public_parts:
        words = {'three_public_reception': '公务接待费', 'three_public_vehicle_operation': '公务用车运行维护费',
                 'three_public_vehicle_purchase': '公务用车购置费', 'three_public_overseas': '因公出国（境）费'}
        parts = [f'{w}{{{f}}}万元' for f, w in words.items() if fig[f] != 0]
        if parts:
            t += '，其中' + '，'.join(parts)
    t += '，严格控制在预算范围以内。'
    return t


def build_narrative(spec: ReportSpec) -> tuple:
    """(paragraphs, narrative facts) of the 评价报告综述."""
    fig = narrative_figures(spec)
    facts: list = []
    values = dict(fig, year=spec.year, we=spec.dept.we)
    if spec.narrative.style == 'county':
        return _county_narrative(spec, fig, values)
    if spec.seed:
        paras = []
        for kind, part, text in sd.SEED_NARRATIVE:
            if text == '{STAFF}':
                text = fill(sd.SEED_STAFF, values, spec.narrative.fmt, facts)
            elif text == '{MONEY}':
                text = fill(sd.SEED_MONEY, values, spec.narrative.fmt, facts)
            paras.append(NarrPara(kind, part, text))
        return paras, facts

    d, n = spec.dept, spec.narrative
    yr = f'{spec.year}年' if n.with_year else '本年度'
    yend = f'截至{spec.year}年底，' if n.with_year else '截至年底，'
    paras = []

    def h1(i):
        paras.append(NarrPara('h1', CN_NUM[i], f'{CN_NUM[i]}、{H1_TITLES[i]}'))

    def sub(part, title, body):
        mark = part.replace('（', '(').replace('）', ')') if n.half_width_parens else part
        if n.inline_sub:
            paras.append(NarrPara('h2', part, mark + body))
        else:
            paras.append(NarrPara('h2', part, mark + title))
            paras.append(NarrPara('p', None, body))

    h1(0)
    staff = fill(yend + '{we}职工人数{staff_total}人，其中：在职{staff_in_service}人，退休{staff_retired}人。',
                 values, n.fmt, facts) + d.offices
    sub('（一）', '机构人员情况', staff)
    sub('（二）', '整体支出范围',
        f'纳入{yr}部门整体支出范围的为{d.scope}。整体支出包括基本支出和项目支出。')
    h1(1)
    paras.append(NarrPara('p', None, fill(_money_template(spec, fig), values, n.fmt, facts)))
    h1(2)
    paras.append(NarrPara('p', None, d.special))
    h1(3)
    for i, (title, body) in enumerate(list(d.tasks) + list(n.extra_tasks), 1):
        paras.append(NarrPara('h2', str(i), f'{i}、{title}'))
        paras.append(NarrPara('p', None, body))
    h1(4)
    paras.append(NarrPara('p', None, d.problems))
    h1(5)
    for i, m in enumerate(d.measures, 1):
        paras.append(NarrPara('h2', str(i), f'{i}、{m}'))
    return paras, facts


def _county_narrative(spec: ReportSpec, fig: dict, values: dict) -> tuple:
    """A county-style 综述: （一）/1./（1） under the six headings, the income and the totals
    stated in words, changes against last year (which are not facts), `在职人员…人`."""
    d, n = spec.dept, spec.narrative
    facts: list = []
    paras = []

    def text(template):
        return fill(template, values, n.fmt, facts)

    def h1(i):
        paras.append(NarrPara('h1', CN_NUM[i], f'{CN_NUM[i]}、{H1_TITLES[i]}'))

    h1(0)
    paras.append(NarrPara('h2', '（一）', '（一）机构人员情况'))
    paras.append(NarrPara('p', None, d.offices + text(
        '截至{year}年底，{we}核定编制{staff_authorized}人，共有职工{staff_total}人，'
        '其中在职人员{staff_in_service}人，退休人员{staff_retired}人。')))
    paras.append(NarrPara('h2', '（二）', '（二）整体支出范围'))
    paras.append(NarrPara('p', None, f'纳入{spec.year}年度部门整体支出范围的为{d.scope}。'))
    h1(1)
    inc_delta, inc_pct, exp_delta = n.changes
    paras.append(NarrPara('h2', '（一）', '（一）收入情况'))
    words = [('income_fiscal', '一般公共预算财政拨款'), ('income_gov_fund', '政府性基金拨款'),
             ('income_special_account', '纳入专户管理的非税收入拨款'), ('income_carryover', '上年结转'),
             ('income_other', '其他收入')]
    parts = '，'.join(f'{w}{{{f}}}万元' for f, w in words if fig[f] != 0)
    paras.append(NarrPara('p', None, text(
        '{year}年度收入合计{income_total}万元，其中：' + parts + '。')
        + f'收入总额比上年增加{inc_delta}万元，增长{inc_pct}%，主要是人员工资调整。'))
    paras.append(NarrPara('h2', '（二）', '（二）支出情况'))
    paras.append(NarrPara('p', None, text('{year}年度支出合计{expenditure_total}万元，')
                          + f'比上年增加{exp_delta}万元。具体如下：'))
    paras.append(NarrPara('h3', '1', text(
        '1.基本支出{expenditure_basic}万元，其中：人员经费支出{expenditure_personnel}万元，'
        '主要包括工资福利支出{wages_welfare}万元、对个人和家庭的补助支出{household_subsidies}万元；'
        '公用经费{expenditure_public}万元，主要用于机关日常运转。')))
    paras.append(NarrPara('h3', '2', text(
        '2.项目支出{expenditure_project}万元，主要用于部门重点工作和专项业务。')))
    tp = [('three_public_reception', '公务接待费'), ('three_public_vehicle_operation', '公务用车运行维护费'),
          ('three_public_vehicle_purchase', '公务用车购置费'), ('three_public_overseas', '因公出国（境）费')]
    tp_parts = '、'.join(f'{w}{{{f}}}万元' for f, w in tp if fig[f] != 0)
    paras.append(NarrPara('h3', '3', text(
        '3.“三公”经费支出{three_public_total}万元' + ('，其中' + tp_parts if tp_parts else '')
        + '，未超过年初预算。')))
    h1(2)
    paras.append(NarrPara('p', None, d.special))
    h1(3)
    paras.append(NarrPara('h2', '（一）', '（一）产出情况'))
    for i, (title, body) in enumerate(d.tasks, 1):
        paras.append(NarrPara('h3', f'({i})', f'（{i}）{title}{body}'))
    paras.append(NarrPara('h2', '（二）', '（二）效益情况'))
    paras.append(NarrPara('p', None, ''.join(d.social) + ''.join(d.economic)))
    h1(4)
    paras.append(NarrPara('p', None, d.problems))
    h1(5)
    for i, m in enumerate(d.measures, 1):
        paras.append(NarrPara('h2', str(i), f'{i}.{m}'))
    return paras, facts


def sections(paras: list) -> list:
    out, top, mid = [], None, None
    for p in paras:
        if p.kind == 'h1':
            top, mid = p.part, None
            out.append(top)
        elif p.kind == 'h2':
            mid = p.part
            out.append(f'{top}/{p.part}')
        elif p.kind == 'h3':
            out.append(f'{top}/{mid}/{p.part}')
    return out
