"""The data-driven description of one sample report, and everything derived from it.

A `ReportSpec` says what a report contains (figures, texts, scores) and how it is laid out.
From the spec alone this module derives the narrative paragraphs, the facts, the score rows,
the indicators, the outline and the error-level findings the report should produce; the
expected JSON is built from these, never by reading a generated file back.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional, Union

from samples import seed_data as sd

# ---------------------------------------------------------------------------------------
# Values and number formats
# ---------------------------------------------------------------------------------------


class Placeholder(str):
    """A printed non-number in a numeric cell ('—', '-', '/'): gives no fact."""


Value = Optional[Union[Decimal, Placeholder]]  # None = blank cell

TABLE_FIELDS = {
    'income': ['income_total', 'income_carryover', 'income_fiscal', 'income_gov_fund',
               'income_special_account', 'income_other'],
    'expenditure': ['expenditure_total', 'expenditure_basic', 'expenditure_personnel',
                    'expenditure_public', 'expenditure_project', 'balance_current',
                    'balance_accumulated'],
    'three_public': ['three_public_total', 'three_public_reception',
                     'three_public_vehicle_operation', 'three_public_vehicle_purchase',
                     'three_public_overseas'],
    'fixed_assets': ['fixed_assets_total', 'fixed_assets_in_use', 'fixed_assets_leased',
                     'fixed_assets_other'],
}
MONEY_TABLES = list(TABLE_FIELDS)
FIELD_TABLE = {f: t for t, fs in TABLE_FIELDS.items() for f in fs}

# Printed column labels (seed spellings, line breaks as in the seed). Specs override some.
DEFAULT_LABELS = {
    'income_total': '收入合计', 'income_carryover': '上年结转', 'income_fiscal': '公共财\n政拨款',
    'income_gov_fund': '政府基金拨款', 'income_special_account': '纳入专户管理的非税收入拨款',
    'income_other': '其他\n收入',
    'expenditure_total': '支出合计', 'expenditure_basic': '基本支出',
    'expenditure_personnel': '人员支出', 'expenditure_public': '公用支出',
    'expenditure_project': '项目支出', 'balance_current': '当年结余',
    'balance_accumulated': '累计结余',
    'three_public_total': '三公经费\n合计', 'three_public_reception': '公务接待费',
    'three_public_vehicle_operation': '公务用车运维费',
    'three_public_vehicle_purchase': '公务用车购置费', 'three_public_overseas': '因公出国费',
    'fixed_assets_total': '固定资产\n合计', 'fixed_assets_in_use': '在用固定资产',
    'fixed_assets_leased': '出租固定资产', 'fixed_assets_other': '其他',
    'staff_authorized': '人员编制', 'staff_actual': '实有人数',
    'contact': '联系人', 'phone': '联络电话',
    # header words of the money tables (not fields)
    'qizhong': '其中：', 'entity_header': '机构名称', 'balance_group': '结余',
    # the 决算-style 三公 table's group column (not a contract field: its 小计 gives no fact)
    'vehicle_group': '公务用车购置及运行维护费', 'vehicle_subtotal': '小计',
}

_FULLWIDTH = str.maketrans('0123456789.,-', '０１２３４５６７８９．，－')


def D(x) -> Decimal:
    """Decimal from an int, str or Decimal (never from a float)."""
    if isinstance(x, float):
        raise TypeError('use str or int for money, not float: %r' % x)
    return x if isinstance(x, Decimal) else Decimal(str(x))


def plain(d: Decimal) -> str:
    """Shortest form: 2.50 -> '2.5', 0.00 -> '0', 1082.00 -> '1082'."""
    s = format(d.normalize(), 'f')
    return '0' if s in ('-0', '') else s


def fmt_number(d: Decimal, style: str) -> str:
    if style == 'plain':
        return plain(d)
    if style == 'fixed2':
        return f'{d:.2f}'
    if style == 'thousands':
        return f'{d:,.2f}'
    if style == 'fullwidth':
        return f'{d:.2f}'.translate(_FULLWIDTH)
    if style == 'yuan':  # the spec holds 万元; the table prints 元
        return f'{d * 10000:,.2f}'
    if style == 'mixed':  # typed by hand: whole numbers bare ('60'), others two decimals ('28.90')
        return str(int(d)) if d == d.to_integral_value() else f'{d:.2f}'
    if style == 'glued':  # the unit typed into the cell: '2.5万元'
        return plain(d) + '万元'
    if style == 'yuan_int':  # 元 as whole numbers, no separators: '6200'
        return f'{d * 10000:.0f}'
    raise ValueError(style)


def fmt_count(d: Decimal, style: str) -> str:
    s = str(int(d))
    if style == 'ren':  # '58人'
        return s + '人'
    return s.translate(_FULLWIDTH) if style == 'fullwidth' else s


def json_number(d: Decimal):
    """int when integral, float otherwise (JSON has no decimals)."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def round_half_up(d: Decimal) -> int:
    return int(d.quantize(Decimal('1'), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------
# The spec
# ---------------------------------------------------------------------------------------


@dataclass
class Entity:
    """One 机构名称 row, the same in every money table: `values[table][field]`."""

    name: str
    values: dict
    is_total: bool = False   # the row that sums the others (合计, 局机关及二级机构汇总, ...)


@dataclass
class Cover:
    department: str
    budget_code: str
    report_date: str
    attachment: str = '附件3-1'
    region: str = '岳阳楼区'
    title_style: str = 'unit'   # 'unit': 部门（单位）整体支出 | 'plain': 部门整体支出
    code_label: str = '预 算 编 码：'
    maker: str = '岳阳楼区财政局（制）'
    as_table: bool = False                  # the label/value lines as a two-column table
    dept_label: str = '部门（单位）名称：'   # or 预算单位名称：, 填报单位：
    date_label: str = '报告日期：'           # or 报告期：
    title: Optional[list] = None            # printed title lines (None: the two-line default)
    method_line: str = '评价方式：部门（单位）绩效自评'
    org_line: str = '评价机构：部门（单位）评价组'


@dataclass
class Layout:
    money: str = 'rows'          # rows | nested | nested_one | separate
    narrative: str = 'table'     # table (own one-cell table) | row (row of the form) | headings
    #                              | body (plain body paragraphs) | first (the report text first,
    #                              under a title naming the department; the form follows as 附件1)
    score_split: str = 'seed'    # seed (two tables, header repeated) | none (one table)
    label_breaks: str = 'break'  # '公共财\n政拨款' as a line break ('break') or two paragraphs
    list_breaks: str = 'paragraph'  # multi-line cells (任务, 指标 lists): 'paragraph' or 'break'
    repeat_headers: bool = False    # mark header rows of money tables as repeating (tblHeader)
    quant_style: str = 'seed'    # seed: 质量/数量 one row per indicator | cells: one cell per dimension
    # --- variants (defaults reproduce the original samples) ---
    money_tables: tuple = ('income', 'expenditure', 'three_public', 'fixed_assets')  # printed ones
    unit_lines: dict = field(default_factory=dict)  # table -> '单位：万元' line before it (caption then has no unit)
    three_public_style: str = 'seed'  # seed | final (决算 order, 公务用车购置及运行维护费 group with 小计)
    auto_numbering: bool = False      # narrative headings numbered by Word (w:numPr), not typed
    entity_column: bool = True        # False: money tables without a 机构名称 column (one value row)
    flat_headers: bool = False        # one header row, '其中：' glued to the first part ('其中：上年结转')
    narrative_breaks: bool = False    # the 综述 as ONE paragraph with line breaks, not paragraphs
    toc: bool = False                 # narrative 'first': a Word 目录 (TOC field) before the text


@dataclass
class Narrative:
    """Figures of the 评价报告综述 that are not taken from the tables."""

    staff_total: int
    staff_in_service: int
    staff_retired: int
    household_subsidies: str
    fmt: str = 'fixed2'                 # number style in the text: fixed2 | plain
    overrides: dict = field(default_factory=dict)   # field -> value, after deriving from tables
    omit_basic: bool = False            # do not state 基本支出 (only 人员经费 and 公用经费)
    with_project: bool = False          # also state 项目支出
    three_public_parts: bool = False    # also state the non-zero 三公 parts
    with_year: bool = True              # say '2022年' (False: '本年度', no year anywhere)
    inline_sub: bool = False            # '（一）' heading and its text in one paragraph
    extra_tasks: list = field(default_factory=list)  # more (title, body) items under 四
    style: str = 'default'              # default | county (（一）/1./（1） outline, income and totals stated)
    changes: tuple = ('45.60', '3.8', '32.40')  # county: 收入 change vs last year (万元, %), 支出 change
    half_width_parens: bool = False     # '(一)' printed for '（一）' (the outline path keeps （一）)


@dataclass
class ScoreSheet:
    deductions: dict = field(default_factory=dict)  # (二级, 三级) -> (self score str, note)
    total_printed: Optional[str] = None  # None: the sum of the rows
    stated: str = 'pct_int'              # pct_int '96%' | pct '93.5%' | plain '86.9' | fen '84分'
    grade: Optional[str] = None          # None: from the total
    quirk_blank_level2: bool = False     # the seed's '　' cell breaking the 预算管理 merge
    header: Optional[list] = None        # printed header row, in `order` (None: the seed's)
    order: tuple = ('level1', 'level2', 'indicator', 'criteria', 'max_score', 'self_score', 'note')
    level_style: str = 'seed'            # seed '投  入\n（15分）' | inline '投入(15分)'
    merge_shared: bool = True            # False: a shared 分值/评分标准 written once, blank cells below
    total_label: str = '总 分'
    merge_levels: bool = True            # False: 一级/二级 labels on the first row, blank cells below
    merged_total: bool = False           # the 总分 label merged across the columns before 分值


@dataclass
class ReportSpec:
    name: str
    description: str
    dept: sd.Dept
    year: int
    entities: list
    staff_authorized: Value
    staff_actual: Value
    narrative: Narrative
    scores: ScoreSheet
    layout: Layout = field(default_factory=Layout)
    cover: Optional[Cover] = None
    number_format: str = 'fixed2'
    table_formats: dict = field(default_factory=dict)  # table -> style, overrides number_format
    labels: dict = field(default_factory=dict)         # field -> printed label
    entity_indent: dict = field(default_factory=dict)  # table -> leading spaces of entity cells
    seed: bool = False                                 # use the seed's literal texts
    intended_errors: list = field(default_factory=list)
    dimension_labels: dict = field(default_factory=dict)  # 定量目标 dimension -> printed name
    target_colon: str = '：'                             # '指标1：' or '指标1:'
    count_style: Optional[str] = None                   # staff cells: None (from number_format) | ren
    target_residue: bool = False  # 定量目标 keeps the template's empty '指标N：' slots (not indicators)

    @property
    def docx_name(self) -> str:
        return f'{self.name}.docx'

    def label(self, key: str) -> str:
        return self.labels.get(key, DEFAULT_LABELS[key])

    def table_format(self, table: str) -> str:
        return self.table_formats.get(table, self.number_format)

    def unit_of(self, table: str) -> str:
        return '元' if self.table_format(table) in ('yuan', 'yuan_int') else '万元'

    def count_format(self) -> str:
        if self.count_style:
            return self.count_style
        return 'fullwidth' if self.number_format == 'fullwidth' else 'plain'

    def has_table(self, table: str) -> bool:
        return table in self.layout.money_tables

    def has_nested_tables(self) -> bool:
        return self.layout.money in ('nested', 'nested_one')


# ---------------------------------------------------------------------------------------
# Building entity rows
# ---------------------------------------------------------------------------------------


def raw_unit(name, personnel, public, project=0, *, carryover=0, gov_fund=0, special=0, other=0,
             bal_cur=0, bal_acc=0, tp=(0, 0, 0, 0), fa=(0, 0, 0)) -> Entity:
    """A unit whose tables all add up. 收入合计 = 支出合计 + 当年结余, 公共财政拨款 takes the rest."""
    personnel, public, project = D(personnel), D(public), D(project)
    carryover, gov_fund, special, other = D(carryover), D(gov_fund), D(special), D(other)
    bal_cur, bal_acc = D(bal_cur), D(bal_acc)
    basic = personnel + public
    exp_total = basic + project
    inc_total = exp_total + bal_cur
    fiscal = inc_total - carryover - gov_fund - special - other
    if fiscal < 0:
        raise ValueError(f'{name}: negative 公共财政拨款')
    tp = [D(x) for x in tp]
    fa = [D(x) for x in fa]
    return Entity(name, {
        'income': dict(zip(TABLE_FIELDS['income'],
                           [inc_total, carryover, fiscal, gov_fund, special, other])),
        'expenditure': dict(zip(TABLE_FIELDS['expenditure'],
                                [exp_total, basic, personnel, public, project, bal_cur, bal_acc])),
        'three_public': dict(zip(TABLE_FIELDS['three_public'], [sum(tp)] + tp)),
        'fixed_assets': dict(zip(TABLE_FIELDS['fixed_assets'], [sum(fa)] + fa)),
    })


def total_row(units: list, name: str = '合计') -> Entity:
    return Entity(name, {t: {f: sum((u.values[t][f] for u in units), Decimal(0)) for f in fs}
                         for t, fs in TABLE_FIELDS.items()}, is_total=True)


ZERO_POLICIES = {'blank': None, 'zero': Decimal(0), 'dash': Placeholder('—'),
                 'hyphen': Placeholder('-'), 'slash': Placeholder('/')}


def printed_entities(raw: list, zeros: dict, overrides: Optional[dict] = None) -> list:
    """Apply the zero policy per table (how a 0 is printed) and then the overrides.

    `overrides` maps (table, entity name, field) -> value (Decimal/str/None/Placeholder): this
    is where the deliberate slips go.
    """
    out = []
    for e in raw:
        vals = {}
        for t, fs in TABLE_FIELDS.items():
            policy = ZERO_POLICIES[zeros.get(t, 'blank')]
            vals[t] = {f: (policy if e.values[t][f] == 0 else e.values[t][f]) for f in fs}
        out.append(Entity(e.name, vals, e.is_total))
    for (t, name, f), v in (overrides or {}).items():
        ent = next(e for e in out if e.name.strip() == name)
        ent.values[t][f] = D(v) if isinstance(v, (str, int)) and not isinstance(v, Placeholder) else v
    return out


def num(v: Value) -> Optional[Decimal]:
    return v if isinstance(v, Decimal) else None


def department_row(spec: ReportSpec) -> Entity:
    """The row that speaks for the whole department: the total row if present, else the only row."""
    for e in spec.entities:
        if e.is_total:
            return e
    filled = [e for e in spec.entities
              if any(v is not None for t in e.values.values() for v in t.values())]
    if len(filled) != 1:  # template rows left empty (二级机构1 ...) do not count
        raise ValueError(f'{spec.name}: several entity rows but no 合计 row')
    return filled[0]


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
