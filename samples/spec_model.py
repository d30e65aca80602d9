"""Values, number formats and the dataclasses of a sample report's spec (`ReportSpec`).

The leaf of `samples.spec`: the narrative (`samples.spec_narrative`) and the derived
tables, scores and findings (`samples.spec`) are computed from these.
"""
from __future__ import annotations

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
