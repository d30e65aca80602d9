"""From a `ReportSpec` to a list of format-neutral blocks (paragraphs, tables, page breaks).

A table is a grid with merged cells given once with their spans (like the parser's model).
The DOCX writer turns the blocks into a Word document with real merges; the reportlab
drawer paints the same blocks. Widths are in centimetres for a 16 cm text column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from samples import seed_data as sd
from samples.spec import (CATEGORY_PRINT, grade, qualitative, quant_dims, score_rows, score_stated,
                          score_total_printed)
from samples.spec_model import TABLE_FIELDS, ReportSpec, fmt_count, fmt_number
from samples.spec_narrative import build_narrative

TEXT_WIDTH_CM = 16.0
TABLE_FONT_PT = 9.0  # 小五: money tables and the score sheet

# ---------------------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------------------


@dataclass
class P:
    text: str = ''                 # '\n' = a line break inside the paragraph
    align: Optional[str] = None    # left | center | right
    bold: bool = False
    size: Optional[float] = None   # points
    style: Optional[str] = None    # Word paragraph style, e.g. 'Heading 1'
    num: Optional[tuple] = None    # Word automatic numbering (numId, ilvl); None: typed or none
    bookmark: Optional[str] = None  # a bookmark around the text (the target of a TOC entry)


@dataclass
class Toc:
    """A Word table of contents (a TOC field with hyperlinks and PAGEREF fields), as Word
    leaves it after 'update field': entries are (level, text, bookmark, page)."""
    entries: list


@dataclass
class PageBreak:
    pass


@dataclass
class Nested:
    table: 'TableSpec'


@dataclass
class CellSpec:
    row: int
    col: int
    rowspan: int
    colspan: int
    content: list   # of P and Nested


@dataclass
class TableSpec:
    kind: str       # form | income | expenditure | three_public | fixed_assets | score | narrative
    n_rows: int
    n_cols: int
    widths: list    # cm per grid column
    cells: list
    header_rows: int = 0   # rows marked as a repeating header


@dataclass
class C:
    """A cell being placed: content, column span, row span."""

    content: list
    cs: int = 1
    rs: int = 1


class TableBuilder:
    """Place cells row by row, left to right, skipping slots covered by row spans above."""

    def __init__(self, kind: str, widths: list, header_rows: int = 0):
        self.kind, self.widths, self.header_rows = kind, list(widths), header_rows
        self.n_cols = len(widths)
        self.cells: list = []
        self.taken: set = set()
        self.n_rows = 0

    def row(self, *cells: C) -> None:
        r, c = self.n_rows, 0
        for cell in cells:
            while (r, c) in self.taken:
                c += 1
            if c + cell.cs > self.n_cols:
                raise ValueError(f'{self.kind}: row {r} overflows ({c}+{cell.cs} > {self.n_cols})')
            for rr in range(r, r + cell.rs):
                for cc in range(c, c + cell.cs):
                    if (rr, cc) in self.taken:
                        raise ValueError(f'{self.kind}: overlap at {(rr, cc)}')
                    self.taken.add((rr, cc))
            self.cells.append(CellSpec(r, c, cell.rs, cell.cs, cell.content))
            c += cell.cs
        self.n_rows += 1

    def build(self) -> TableSpec:
        missing = [(r, c) for r in range(self.n_rows) for c in range(self.n_cols)
                   if (r, c) not in self.taken]
        if missing or any(r >= self.n_rows for r, _ in self.taken):
            raise ValueError(f'{self.kind}: grid not covered exactly, missing {missing[:5]}')
        return TableSpec(self.kind, self.n_rows, self.n_cols, self.widths, self.cells,
                         self.header_rows)


# ---------------------------------------------------------------------------------------
# Text helpers bound to a spec
# ---------------------------------------------------------------------------------------


class Ctx:
    def __init__(self, spec: ReportSpec):
        self.spec = spec
        self.lay = spec.layout
        self.size: Optional[float] = None  # font size of the table being built (None: Normal)

    def label(self, text: str, align: str = 'center', bold: bool = False) -> list:
        """A short label; inner line breaks become breaks or paragraphs per the layout."""
        if '\n' in text and self.lay.label_breaks == 'paragraph':
            return [P(t, align, bold, self.size) for t in text.split('\n')]
        return [P(text, align, bold, self.size)]

    def lines(self, lines: list, align: Optional[str] = None) -> list:
        """A multi-line cell (任务 list, 指标 list, 评分标准)."""
        if self.lay.list_breaks == 'break':
            return [P('\n'.join(lines), align, size=self.size)]
        return [P(t, align, size=self.size) for t in lines]

    def paras(self, lines: list) -> list:
        return [P(t) for t in lines]

    def money(self, table: str, value) -> list:
        if value is None:
            return [P('')]
        if isinstance(value, str):  # Placeholder
            return [P(str(value), 'center', size=self.size)]
        return [P(fmt_number(value, self.spec.table_format(table)), 'center', size=self.size)]

    def count(self, value) -> list:
        if value is None:
            return [P('')]
        if isinstance(value, str):
            return [P(str(value))]
        return [P(fmt_count(value, self.spec.count_format()))]


# ---------------------------------------------------------------------------------------
# Money tables
# ---------------------------------------------------------------------------------------

MONEY_WIDTHS = {
    'income': [2.4, 1.9, 1.9, 2.0, 2.0, 3.6, 2.2],
    'expenditure': [2.4, 1.9, 1.9, 1.9, 1.9, 2.0, 2.0, 2.0],
    'three_public': [2.6, 2.4, 2.6, 2.8, 2.8, 2.8],
    'fixed_assets': [2.8, 3.2, 3.4, 3.4, 3.2],
}
# How the logical columns of each money table sit on the 8-column grid of the form table.
FORM_SPANS = {
    'income': [1, 1, 1, 1, 1, 1, 2],
    'expenditure': [1, 1, 1, 1, 1, 1, 1, 1],
    'three_public': [1, 1, 1, 2, 2, 1],
    'fixed_assets': [1, 1, 2, 2, 2],
}
HEADER_ROWS = {'income': 2, 'expenditure': 3, 'three_public': 2, 'fixed_assets': 2}
# The 决算-style 三公 table: 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 (小计 | 购置费 | 运行维护费) | 公务接待费
FINAL_TP_WIDTHS = [2.4, 2.0, 2.2, 1.8, 2.4, 2.6, 2.2]
FINAL_TP_SPANS = [1, 1, 1, 1, 1, 1, 2]
FINAL_TP_COLUMNS = ['three_public_total', 'three_public_overseas', 'vehicle_subtotal',
                    'three_public_vehicle_purchase', 'three_public_vehicle_operation',
                    'three_public_reception']


def final_tp(ctx: 'Ctx', table: str) -> bool:
    return table == 'three_public' and ctx.lay.three_public_style == 'final'


def money_widths(ctx: 'Ctx', table: str) -> list:
    return FINAL_TP_WIDTHS if final_tp(ctx, table) else MONEY_WIDTHS[table]


def form_spans(ctx: 'Ctx', table: str) -> list:
    return FINAL_TP_SPANS if final_tp(ctx, table) else FORM_SPANS[table]


def header_rows(ctx: 'Ctx', table: str) -> int:
    if ctx.lay.flat_headers:
        return 2 if table == 'expenditure' else 1
    return 3 if final_tp(ctx, table) else HEADER_ROWS[table]


def caption(ctx: Ctx, table: str) -> Optional[str]:
    unit = ctx.spec.unit_of(table)
    suffix = '' if table in ctx.lay.unit_lines else f'（{unit}）'
    if table == 'income':
        return f'年度收入情况{suffix}'
    if table == 'expenditure':
        return f'部门（单位）年度支出和结余情况{suffix}'
    return None  # the seed prints no caption over the 三公 and 固定资产 tables


def unit_line(ctx: Ctx, table: str) -> Optional[str]:
    """A line such as '单位：万元' printed between the caption and the table, if any."""
    return ctx.lay.unit_lines.get(table)


def vehicle_subtotal(values: dict):
    """The 小计 of 公务用车购置及运行维护费 as printed: 购置费 + 运行维护费."""
    a, b = values['three_public_vehicle_purchase'], values['three_public_vehicle_operation']
    nums = [x for x in (a, b) if isinstance(x, Decimal)]
    total = sum(nums, Decimal(0))
    if total == 0 and not (isinstance(a, Decimal) and isinstance(b, Decimal)):
        return a  # printed the way the table prints a zero (blank, —, ...)
    return total


def money_rows(ctx: Ctx, table: str, spans: list) -> list:
    """Rows of cells (header rows, then one row per entity) on a grid given by `spans`."""
    sp = ctx.spec
    outer_size, ctx.size = ctx.size, TABLE_FONT_PT

    def w(first, n=1):
        return sum(spans[first:first + n])

    lab = lambda key: ctx.label(sp.label(key))  # noqa: E731
    fs = TABLE_FIELDS[table]
    ent, qz = lab('entity_header'), lab('qizhong')
    rows = []
    glued = lambda key: ctx.label(sp.label('qizhong') + sp.label(key))  # noqa: E731  '其中：上年结转'
    if ctx.lay.flat_headers and table == 'expenditure':
        # 其中：基本支出 [其中：人员支出 | 公用支出] | 项目支出 | 结余：当年结余 | 累计结余
        rows.append([C(ent, w(0), 2), C(lab(fs[0]), w(1), 2), C(glued('expenditure_basic'), w(2), 2),
                     C(qz, w(3, 2)), C(lab('expenditure_project'), w(5), 2),
                     C(ctx.label(sp.label('balance_group') + '：' + sp.label('balance_current')), w(6), 2),
                     C(lab('balance_accumulated'), w(7), 2)])
        rows.append([C(lab('expenditure_personnel'), w(3)), C(lab('expenditure_public'), w(4))])
    elif ctx.lay.flat_headers:  # one header row; 其中： glued to the first part
        rows.append([C(ent, w(0)), C(lab(fs[0]), w(1)), C(glued(fs[1]), w(2))]
                    + [C(lab(f), w(3 + i)) for i, f in enumerate(fs[2:])])
    elif final_tp(ctx, table):
        rows.append([C(ent, w(0), 3), C(lab(fs[0]), w(1), 3), C(qz, w(2, 5))])
        rows.append([C(lab('three_public_overseas'), w(2), 2), C(lab('vehicle_group'), w(3, 3)),
                     C(lab('three_public_reception'), w(6), 2)])
        rows.append([C(lab('vehicle_subtotal'), w(3)), C(lab('three_public_vehicle_purchase'), w(4)),
                     C(lab('three_public_vehicle_operation'), w(5))])
        fs = FINAL_TP_COLUMNS
    elif table == 'income':
        rows.append([C(ent, w(0), 2), C(lab(fs[0]), w(1), 2), C(qz, w(2, 5))])
        rows.append([C(lab(f), w(2 + i)) for i, f in enumerate(fs[1:])])
    elif table == 'expenditure':
        rows.append([C(ent, w(0), 3), C(lab(fs[0]), w(1), 3),
                     C(qz, w(2, 4)), C(lab('balance_group'), w(6, 2))])
        rows.append([C(lab('expenditure_basic'), w(2), 2), C(lab('qizhong'), w(3, 2)),
                     C(lab('expenditure_project'), w(5), 2), C(lab('balance_current'), w(6), 2),
                     C(lab('balance_accumulated'), w(7), 2)])
        rows.append([C(lab('expenditure_personnel'), w(3)), C(lab('expenditure_public'), w(4))])
    elif table == 'three_public':
        rows.append([C(ent, w(0), 2), C(lab(fs[0]), w(1), 2), C(qz, w(2, 4))])
        rows.append([C(lab(f), w(2 + i)) for i, f in enumerate(fs[1:])])
    else:
        rows.append([C(ent, w(0), 2), C(lab(fs[0]), w(1), 2),
                     C(qz, w(2, 2)), C(lab('fixed_assets_other'), w(4), 2)])
        rows.append([C(lab('fixed_assets_in_use'), w(2)), C(lab('fixed_assets_leased'), w(3))])
    indent = sp.entity_indent.get(table, '')
    for e in sp.entities:
        vals = dict(e.values[table])
        if final_tp(ctx, table):
            vals['vehicle_subtotal'] = vehicle_subtotal(vals)
        cells = [C([P(indent + e.name, 'left', size=ctx.size)], w(0))]
        cells += [C(ctx.money(table, vals[f]), w(1 + i)) for i, f in enumerate(fs)]
        rows.append(cells)
    ctx.size = outer_size
    return rows


def money_table(ctx: Ctx, table: str) -> TableSpec:
    widths = money_widths(ctx, table)
    rows = money_rows(ctx, table, [1] * len(widths))
    if not ctx.lay.entity_column:  # drop the 机构名称 column: the first cell of every row
        widths = [w * TEXT_WIDTH_CM / sum(widths[1:]) for w in widths[1:]]
        widths = [round(w * 0.97, 2) for w in widths]
        rows = [[C(c.content, c.cs, c.rs) for c in r[1:]] if i in _first_col_rows(rows) else r
                for i, r in enumerate(rows)]
    tb = TableBuilder(table, widths, header_rows(ctx, table) if ctx.lay.repeat_headers else 0)
    for r in rows:
        tb.row(*r)
    return tb.build()


def _first_col_rows(rows: list) -> set:
    """Indices of the rows whose first cell starts in grid column 0 (the header's 机构名称 cell,
    which spans the header rows, and every entity row)."""
    out, covered = set(), 0
    for i, r in enumerate(rows):
        if covered:
            covered -= 1
            continue
        out.add(i)
        covered = r[0].rs - 1
    return out


# ---------------------------------------------------------------------------------------
# The big form table
# ---------------------------------------------------------------------------------------

FORM_WIDTHS = [2.2, 1.9, 1.9, 2.0, 2.0, 2.0, 2.0, 2.0]


def title_row(tb: TableBuilder, text: str) -> None:
    tb.row(C([P(text, 'left', True)], 8))


def form_basic(ctx: Ctx, tb: TableBuilder) -> None:
    sp, d = ctx.spec, ctx.spec.dept
    name, phone = d.contact if not sp.seed else ('姚丽', '13575000211')
    title_row(tb, '一、部门（单位）基本概况')
    tb.row(C(ctx.label(sp.label('contact')), 1), C([P(name)], 3),
           C(ctx.label(sp.label('phone')), 2), C([P(phone)], 2))
    tb.row(C(ctx.label(sp.label('staff_authorized')), 1), C(ctx.count(sp.staff_authorized), 3),
           C(ctx.label(sp.label('staff_actual')), 2), C(ctx.count(sp.staff_actual), 2))
    functions = sd.SEED_FUNCTIONS if sp.seed else d.functions
    tasks = sd.SEED_TASKS if sp.seed else [f'任务{i}：{t}' for i, (t, _) in enumerate(d.tasks, 1)]
    ops = sd.SEED_OPERATIONS if sp.seed else ''.join(b for _, b in d.tasks)
    tb.row(C(ctx.label('职能职责概述'), 1), C(ctx.paras(functions), 7))
    tb.row(C(ctx.label('年度主要\n工作内容'), 1), C(ctx.lines(tasks), 7))
    tb.row(C(ctx.label('年度部门（单位）总体运行情况及取得的成绩'), 1), C([P(ops)], 7))


def caption_rows(ctx: Ctx, tb: TableBuilder, table) -> None:
    """A money table's caption and unit line as full-width rows of the form."""
    cap = caption(ctx, table)
    if cap:
        tb.row(C([P(cap, 'center')], 8))
    if unit_line(ctx, table):
        tb.row(C([P(unit_line(ctx, table), 'right')], 8))


def form_money(ctx: Ctx, tb: TableBuilder) -> None:
    """Section 二 inside the form table: as rows, or as tables nested in cells."""
    mode = ctx.lay.money
    title_row(tb, '二、部门（单位）收支情况')
    if mode == 'rows':
        for table in ctx.lay.money_tables:
            caption_rows(ctx, tb, table)
            for r in money_rows(ctx, table, form_spans(ctx, table)):
                tb.row(*r)
    elif mode == 'nested':
        for table in ctx.lay.money_tables:
            caption_rows(ctx, tb, table)
            tb.row(C([Nested(money_table(ctx, table))], 8))
    elif mode == 'nested_one':
        content = []
        for table in ctx.lay.money_tables:
            cap = caption(ctx, table)
            if cap:
                content.append(P(cap, 'center'))
            if unit_line(ctx, table):
                content.append(P(unit_line(ctx, table), 'right'))
            content.append(Nested(money_table(ctx, table)))
        tb.row(C(content, 8))
    else:
        raise ValueError(mode)


def form_targets(ctx: Ctx, tb: TableBuilder) -> None:
    sp = ctx.spec
    title_row(tb, '三、部门（单位）整体支出绩效自评情况')
    expected_lines, actual = qualitative(sp)
    tb.row(C(ctx.label('整体支出绩效定性目标及实施计划完成情况'), 1, 2),
           C(ctx.label('预期目标'), 4), C(ctx.label('实际完成'), 3))
    tb.row(C(ctx.lines(expected_lines), 4), C([P(actual)], 3))
    dims = quant_dims(sp)
    n_rows = sum(len(d.rows) for d in dims)
    tb.row(C(ctx.label('整体支出\n绩效定量目标及实施计划完成情况'), 1, n_rows + 1),
           C(ctx.label('评价内容'), 2), C(ctx.label('绩效目标'), 4), C(ctx.label('完成情况'), 1))
    seen_cat = set()
    for dim in dims:
        cat_rows = sum(len(d.rows) for d in dims if d.category == dim.category)
        for i, row in enumerate(dim.rows):
            cells = []
            if dim.category not in seen_cat:
                seen_cat.add(dim.category)
                cells.append(C(ctx.label(CATEGORY_PRINT[dim.category]), 1, cat_rows))
            if i == 0:
                cells.append(C(ctx.label(dim.dimension), 1, len(dim.rows)))
            cells.append(C(ctx.lines(row.lines, 'left'), 4))
            cells.append(C([P(row.result, 'center')], 1))
            tb.row(*cells)
    rows = score_rows(sp)
    stated_text, _ = score_stated(sp, rows)
    tb.row(C(ctx.label('绩效自评综合得分'), 3), C([P(stated_text, 'center')], 5))
    tb.row(C(ctx.label('评价等次'), 3), C([P(grade(sp, rows), 'center')], 5))


def filler_line(spec: ReportSpec) -> str:
    name, phone = ('姚丽', '13575000211') if spec.seed else spec.dept.contact
    return sd.FILLER_LINE.format(name=name, phone=phone)


def form_people(ctx: Ctx, tb: TableBuilder) -> None:
    sp = ctx.spec
    title_row(tb, '四、评价人员')
    tb.row(*[C(ctx.label(h), 2) for h in ('姓  名', '职务/职称', '单  位', '签  字')])
    people = sd.SEED_EVALUATORS if sp.seed else sp.dept.evaluators
    unit = '楼区科工局' if sp.seed else sp.dept.unit
    for name, title in people:
        tb.row(C([P(name, 'center')], 2), C([P(title, 'center')], 2), C([P(unit, 'center')], 2),
               C([P('')], 2))
    tb.row(C(ctx.paras(sd.SIGN_LEADER), 8))
    tb.row(C(ctx.paras(sd.SIGN_DEPT), 8))
    finance = list(sd.SIGN_FINANCE)
    if ctx.lay.narrative == 'row':
        finance += ['', '', filler_line(sp)]
    tb.row(C(ctx.paras(finance), 8))


def narrative_content(ctx: Ctx) -> list:
    paras, _ = build_narrative(ctx.spec)
    if ctx.lay.narrative_breaks:  # pasted in as one paragraph with line breaks (Shift+Enter)
        return [P('\n'.join(['五、评价报告综述（文字部分）', ''] + [p.text for p in paras]))]
    return [P('五、评价报告综述（文字部分）'), P('')] + [P(p.text) for p in paras]


NUMBER_PREFIX = re.compile(r'^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+、)')
NUM_ID = 10  # the numbering instance the writer adds for auto_numbering (see docx_writer)


def narrative_headings(ctx: Ctx) -> list:
    paras, _ = build_narrative(ctx.spec)
    out = [P('五、评价报告综述（文字部分）', 'center', True, 14)]
    styles = {'h1': 'Heading 1', 'h2': 'Heading 2', 'h3': 'Heading 3', 'p': None}
    for p in paras:
        if ctx.lay.auto_numbering and p.kind != 'p':
            # Word prints the number: 一、 (style-linked), （一） or 1、 (direct numPr)
            text = NUMBER_PREFIX.sub('', p.text, count=1)
            if p.kind == 'h1':
                out.append(P(text, style='Heading 1'))
            else:
                level = 1 if p.part.startswith('（') else 2
                out.append(P(text, style='Heading 2', num=(NUM_ID, level)))
        else:
            out.append(P(p.text, style=styles[p.kind]))
    return out


def narrative_body(ctx: Ctx) -> list:
    """The 综述 typed into the document body as plain paragraphs (no heading styles)."""
    paras, _ = build_narrative(ctx.spec)
    return [P('五、评价报告综述（文字部分）', 'center', True, 14)] + [P(p.text) for p in paras]


def form_blocks(ctx: Ctx) -> list:
    """The form: one big table, or two with section 二 between them when money tables
    are separate top-level tables."""
    blocks = []
    tb = TableBuilder('form', FORM_WIDTHS)
    form_basic(ctx, tb)
    if ctx.lay.money == 'separate':
        blocks.append(tb.build())
        blocks.append(P('二、部门（单位）收支情况', 'left', True))
        for table in ctx.lay.money_tables:
            cap = caption(ctx, table)
            blocks.append(P(cap or '', 'center'))
            if unit_line(ctx, table):
                blocks.append(P(unit_line(ctx, table), 'right'))
            blocks.append(money_table(ctx, table))
        blocks.append(P(''))
        tb = TableBuilder('form', FORM_WIDTHS)
    else:
        form_money(ctx, tb)
    form_targets(ctx, tb)
    form_people(ctx, tb)
    if ctx.lay.narrative == 'row':
        tb.row(C(narrative_content(ctx), 8))
    blocks.append(tb.build())
    return blocks


# ---------------------------------------------------------------------------------------
# Score sheet
# ---------------------------------------------------------------------------------------

SCORE_WIDTHS = [1.6, 1.8, 2.4, 5.6, 1.1, 1.3, 2.2]
SEED_SPLIT = 13  # the seed's first table ends after 资产管理/管理制度健全性


def _runs(keys: list) -> list:
    """Lengths of runs starting at each index (0 where the index continues a run)."""
    out = [0] * len(keys)
    i = 0
    while i < len(keys):
        j = i + 1
        while j < len(keys) and keys[j] == keys[i]:
            j += 1
        out[i] = j - i
        i = j
    return out


def _merge_runs(values: list) -> list:
    """Runs where None means 'merged with the row above'."""
    out = [0] * len(values)
    start = None
    for i, v in enumerate(values):
        if v is None and start is not None:
            out[start] += 1
        else:
            start = i
            out[i] = 1
    return out


SCORE_ROLES = ('level1', 'level2', 'indicator', 'criteria', 'max_score', 'self_score', 'note')


def _inline_points(label: str) -> str:
    """'投  入\n（15分）' -> '投入(15分)': no letter spacing, half-width brackets, one line."""
    return re.sub(r'\s+', '', label).replace('（', '(').replace('）', ')')


def score_tables(ctx: Ctx) -> list:
    sp = ctx.spec
    sc = sp.scores
    ctx.size = TABLE_FONT_PT
    rows = score_rows(sp)
    parts = [rows[:SEED_SPLIT], rows[SEED_SPLIT:]] if ctx.lay.score_split == 'seed' else [rows]
    order = list(sc.order)
    header = sc.header or [sd.SCORE_HEADER[SCORE_ROLES.index(r)] for r in order]
    widths = [SCORE_WIDTHS[SCORE_ROLES.index(r)] for r in order]
    l1_print = dict(sd.SCORE_LEVEL1_PRINT)
    l2_print = dict(sd.SCORE_LEVEL2_PRINT)
    if sc.level_style == 'inline':
        l1_print = {k: _inline_points(v) for k, v in l1_print.items()}
        l2_print = {k: _inline_points(v) for k, v in l2_print.items()}
    tables = []
    for pi, part in enumerate(parts):
        tb = TableBuilder('score', widths,
                          1 if ctx.lay.score_split == 'none' or ctx.lay.repeat_headers else 0)
        tb.row(*[C(ctx.label(h)) for h in header])
        l1_runs = _runs([r.level1 for r in part])
        blank_levels = set()
        if not sc.merge_levels:  # the label on the first row of its group, blank cells below
            blank_levels = {i for i, n in enumerate(l1_runs) if n == 0}
            l1_runs = [1] * len(part)
        l2_keys = []
        for r in part:
            quirk = (sp.scores.quirk_blank_level2 and r.level2 == '预算管理'
                     and r.indicator in ('政府采购执行率', '公务卡刷卡率'))
            l2_keys.append((r.level2, quirk))
        l2_runs = _runs(l2_keys)
        blank_l2 = set()
        if not sc.merge_levels:
            blank_l2 = {i for i, n in enumerate(l2_runs) if n == 0}
            l2_runs = [1] * len(part)
        if sc.merge_shared:
            crit_runs = _merge_runs([r.criteria for r in part])
            max_runs = _merge_runs([r.max_score for r in part])
        else:  # each row its own cell; a shared value is written on the first row only
            crit_runs = max_runs = [1] * len(part)
        blank = [P('', size=ctx.size)]
        for i, r in enumerate(part):
            cells = {}
            if i in blank_levels:
                cells['level1'] = C(list(blank), 1)
            elif l1_runs[i]:
                cells['level1'] = C(ctx.label(l1_print[r.level1]), 1, l1_runs[i])
            if i in blank_l2:
                cells['level2'] = C(list(blank), 1)
            elif l2_runs[i]:
                text = '\u3000' if l2_keys[i][1] else l2_print[r.level2]
                cells['level2'] = C(ctx.label(text), 1, l2_runs[i])
            cells['indicator'] = C(ctx.label(r.indicator_print), 1)
            if r.criteria is not None:
                cells['criteria'] = C(ctx.lines(r.criteria.split('\n'), 'left'), 1, crit_runs[i])
            elif not sc.merge_shared:
                cells['criteria'] = C(list(blank), 1)
            if r.max_score is not None:
                cells['max_score'] = C([P(str(r.max_score), 'center', size=ctx.size)], 1, max_runs[i])
            elif not sc.merge_shared:
                cells['max_score'] = C(list(blank), 1)
            cells['self_score'] = C([P(r.self_print, 'center', size=ctx.size)], 1)
            cells['note'] = C([P(r.note, size=ctx.size)], 1)
            tb.row(*[cells[role] for role in order if role in cells])
        if pi == len(parts) - 1:
            total = score_total_printed(sp, rows)
            texts = {'level1': sc.total_label, 'max_score': '100', 'self_score': total}
            if sc.merged_total:  # '总 分' over every column before 分值
                n = order.index('max_score')
                tb.row(C([P(sc.total_label, 'center', size=ctx.size)], n),
                       *[C([P(texts.get(role, ''), 'center', size=ctx.size)]) for role in order[n:]])
            else:
                tb.row(*[C([P(texts.get(role, ''), 'center', size=ctx.size)]) for role in order])
        tables.append(tb.build())
    ctx.size = None
    return tables


# ---------------------------------------------------------------------------------------
# Whole document
# ---------------------------------------------------------------------------------------


def _cover_table(c) -> TableSpec:
    """The cover's label/value lines as a two-column table (labels without colons)."""
    tb = TableBuilder('cover', [4.5, 9.5])
    for line in (f'{c.dept_label}{c.department}', f'{c.code_label}{c.budget_code}', c.method_line,
                 c.org_line, f'{c.date_label}{c.report_date}'):
        label, _, value = re.split(r'([:：])', line, maxsplit=1)
        tb.row(C([P(label, 'left', size=15)]), C([P(value, 'left', size=15)]))
    return tb.build()


def cover_blocks(spec: ReportSpec) -> list:
    c = spec.cover
    what = '部门（单位）整体支出' if c.title_style == 'unit' else '部门整体支出'
    title = c.title or [f'{c.region}{spec.year}年度{what}', '绩效评价自评报告']
    if c.as_table:
        return [P(c.attachment, 'left', False, 14), P(''), P(''), P(''),
                *[P(t, 'center', True, 22) for t in title],
                P(''), P(''), P(''), _cover_table(c), P(''), P(''), P(''),
                P(c.maker, 'center', False, 16), PageBreak()]
    return [
        P(c.attachment, 'left', False, 14), P(''), P(''), P(''),
        *[P(t, 'center', True, 22) for t in title],
        P(''), P(''), P(''), P(''),
        P(f'{c.dept_label}{c.department}', 'left', False, 15),
        P(f'{c.code_label}{c.budget_code}', 'left', False, 15),
        P(c.method_line, 'left', False, 15),
        P(c.org_line, 'left', False, 15),
        P(f'{c.date_label}{c.report_date}', 'left', False, 15),
        P(''), P(''), P(''), P(''),
        P(c.maker, 'center', False, 16),
        PageBreak(),
    ]


def report_first_blocks(ctx: Ctx) -> list:
    """The report text first, under a title that names the department and the year (no
    '五、评价报告综述' heading); the form follows as 附件1."""
    sp = ctx.spec
    paras, _ = build_narrative(sp)
    out = [P(f'{sp.dept.full_name}{sp.year}年度部门整体支出绩效自评报告', 'center', True, 18), P('')]
    if ctx.lay.toc:  # headings styled and bookmarked, listed in a 目录 first
        styled, entries, page = [], [], 1
        for i, p in enumerate(paras):
            if p.kind == 'p':
                styled.append(P(p.text))
                continue
            mark = f'_Toc{int(sp.year) * 1000 + i}'
            level = 1 if p.kind == 'h1' else 2
            page += 1 if level == 1 and entries else 0
            entries.append((level, p.text, mark, page))
            styled.append(P(p.text, style=f'Heading {level}', bookmark=mark))
        out += [P('目  录', 'center', True, 16), Toc(entries), PageBreak()] + styled
    else:
        out += [P(p.text) for p in paras]
    out += [P(''), P(f'{sp.dept.full_name}（盖章）', 'right'), PageBreak(),
            P('附件1', 'left', False, 14),
            P('部门（单位）整体支出绩效自评表', 'center', True, 16)]
    return out


def build_blocks(spec: ReportSpec) -> list:
    ctx = Ctx(spec)
    blocks = []
    if spec.cover:
        blocks += cover_blocks(spec)
    if ctx.lay.narrative == 'first':
        blocks += report_first_blocks(ctx)
    if spec.seed:
        blocks.append(P(' '))  # the seed opens with a lone space before the form
    blocks += form_blocks(ctx)
    if ctx.lay.narrative != 'row':
        blocks += [P(''), P(filler_line(spec))]
    if ctx.lay.narrative == 'table':
        tb = TableBuilder('narrative', [TEXT_WIDTH_CM])
        tb.row(C(narrative_content(ctx)))
        blocks.append(tb.build())
    elif ctx.lay.narrative == 'headings':
        blocks += narrative_headings(ctx)
    elif ctx.lay.narrative == 'body':
        blocks += narrative_body(ctx)
    blocks += [P(''), P('附件2-2'), P('部门整体支出绩效评价评分表', 'center', True, 16)]
    for i, t in enumerate(score_tables(ctx)):
        if i:
            blocks += [P('')] * (2 if spec.seed else 1)
        blocks.append(t)
    # Word wants a paragraph after a final table; the seed ends with three empty ones.
    blocks += [P('')] * (3 if spec.seed else 1)
    return blocks


def all_tables(blocks: list) -> list:
    """Every TableSpec, nested ones included, in document order."""
    out = []

    def walk(t):
        out.append(t)
        for c in t.cells:
            for item in c.content:
                if isinstance(item, Nested):
                    walk(item.table)

    for b in blocks:
        if isinstance(b, TableSpec):
            walk(b)
    return out
