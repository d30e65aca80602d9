"""From a Family C `FormSpec` to blocks: the national 自评表 as one Word table.

The grid has 10 columns: a block label column (项目资金 / 年度总体目标 / 绩效指标, merged
down its block), then the head, funding lines, goals and indicator rows. Labels can be
respelled per sample (`FormSpec.labels`), the 资金 columns reordered (`fund_cols`), the
level cells merged, written on the first row only, or repeated (`merge_levels`).
"""
from __future__ import annotations

from samples.layout import C, P, TableBuilder
from samples.selfeval_spec import FormSpec

WIDTHS = [1.5, 1.6, 1.6, 2.4, 1.8, 1.8, 1.2, 1.2, 1.5, 1.4]
SIZE = 9
DEFAULT_LABELS = {
    'project_title': '项目支出绩效自评表', 'dept_title': '部门整体支出绩效自评表',
    'project_name': '项目名称', 'supervising': '主管部门', 'implementing': '实施单位',
    'department': '预算部门、单位名称', 'funds_project': '项目资金\n（万元）',
    'funds_dept': '年度预算申请\n（万元）', 'initial': '年初预算数', 'adjusted': '全年预算数',
    'executed': '全年执行数', 'max': '分值', 'rate': '执行率', 'score': '得分',
    'goals': '年度总体目标', 'expected': '预期目标', 'actual': '实际完成情况',
    'indicators': '绩效指标', 'level1': '一级指标', 'level2': '二级指标', 'level3': '三级指标',
    'target': '年度指标值', 'result': '实际完成值', 'ind_max': '分值', 'ind_score': '得分',
    'note': '偏差原因分析及改进措施', 'total': '总分', 'grade': '评价等次',
}


def _p(text: str, align: str = 'center') -> list:
    return [P(text, align, size=SIZE)]


def title_paragraphs(form: FormSpec, labels: dict) -> list:
    return [P(labels[f'{form.kind}_title'], 'center', True, 16), P(f'（{form.year}年度）', 'center')]


def form_rows(form: FormSpec, tb: TableBuilder) -> None:
    """Append the rows of one form to a table being built (several forms may share one)."""
    lab = dict(DEFAULT_LABELS, **form.labels)
    if form.title_in_table:
        tb.row(C([P(lab[f'{form.kind}_title'], 'center', True, 14)], 10))
        tb.row(C(_p(f'（{form.year}年度）'), 10))
    if form.kind == 'project':
        tb.row(C(_p(lab['project_name']), 2), C(_p(form.project_name, 'left'), 8))
        tb.row(C(_p(lab['supervising']), 2), C(_p(form.supervising, 'left'), 3),
               C(_p(lab['implementing']), 2), C(_p(form.implementing, 'left'), 3))
    else:
        tb.row(C(_p(lab['department']), 2), C(_p(form.department, 'left'), 8))
    _funds(form, lab, tb)
    tb.row(C(_p(lab['goals']), 1, 2), C(_p(lab['expected']), 5), C(_p(lab['actual']), 4))
    tb.row(C(_p(form.goal_expected, 'left'), 5), C(_p(form.goal_actual, 'left'), 4))
    _indicators(form, lab, tb)
    total = str(form.total_score() if form.total_override is None else form.total_override)
    grade = [C(_p(f'{lab["grade"]}：{form.grade}' if form.grade else ''), 2)]
    tb.row(C(_p(lab['total']), 6), C(_p(str(form.total_max()))), C(_p(_plain(total))), *grade)


def _plain(s: str) -> str:
    return s.rstrip('0').rstrip('.') if '.' in s else s


def _funds(form: FormSpec, lab: dict, tb: TableBuilder) -> None:
    n = 1 + len(form.lines) + _dept_rows(form)
    title = lab['funds_project' if form.kind == 'project' else 'funds_dept']
    tb.row(C(_p(title), 1, n), C(_p(''), 3), *[C(_p(lab[k])) for k in form.fund_cols])
    for ln in form.lines:
        values = {'initial': ln.initial, 'adjusted': ln.adjusted, 'executed': ln.executed,
                  'max': ln.max_score, 'rate': form.rate_text(ln),
                  'score': None if form.line_score(ln) is None else _plain(str(form.line_score(ln)))}
        tb.row(C(_p(ln.label, 'left'), 3), *[C(_p(values[k] if values[k] is not None else '-'))
                                             for k in form.fund_cols])
    if form.dept_funds:
        income = [(lb, a) for lb, _, a, side in form.dept_funds if side == 'income']
        spend = [(lb, a) for lb, _, a, side in form.dept_funds if side == 'expenditure']
        for k in range(_dept_rows(form)):
            left = f'{income[k][0]}：{income[k][1]}' if k < len(income) else ''
            right = f'{spend[k][0]}：{spend[k][1]}' if k < len(spend) else ''
            tb.row(C(_p(left, 'left'), 5), C(_p(right, 'left'), 4))


def _dept_rows(form: FormSpec) -> int:
    sides = [side for *_, side in form.dept_funds]
    return max(sides.count('income'), sides.count('expenditure')) if sides else 0


def _indicators(form: FormSpec, lab: dict, tb: TableBuilder) -> None:
    rows = form.indicators
    tb.row(C(_p(lab['indicators']), 1, 1 + len(rows)), C(_p(lab['level1'])), C(_p(lab['level2'])),
           C(_p(lab['level3'])), C(_p(lab['target'])), C(_p(lab['result'])), C(_p(lab['ind_max'])),
           C(_p(lab['ind_score'])), C(_p(lab['note']), 2))
    points = form.level_points()
    for k, ind in enumerate(rows):
        cells = []
        for level, key in (('level1', ind.level1), ('level2', (ind.level1, ind.level2))):
            run = [j for j, o in enumerate(rows) if _key(o, level) == key]
            first = run[0] == k
            text = ind.level1 + (f'（{_plain(str(points[ind.level1]))}分）' if form.points_in_labels else '') \
                if level == 'level1' else ind.level2
            if form.merge_levels == 'merged':
                if first:
                    cells.append(C(_p(text), 1, len(run)))
            elif form.merge_levels == 'first':
                cells.append(C(_p(text if first else '')))
            else:
                cells.append(C(_p(text)))
        tb.row(*cells, C(_p(ind.level3, 'left')), C(_p(ind.target.printed())),
               C(_p(ind.actual.printed())), C(_p(ind.max_score)), C(_p(ind.self_score)),
               C(_p(ind.note, 'left'), 2))


def _key(ind, level):
    return ind.level1 if level == 'level1' else (ind.level1, ind.level2)


def form_table(forms: list) -> list:
    """One table holding every form (title rows repeated), or one form per table."""
    tb = TableBuilder('selfeval', WIDTHS)
    for form in forms:
        form_rows(form, tb)
    return [tb.build()]


def form_blocks(forms: list, one_table: bool = False) -> list:
    blocks = []
    if one_table:
        return form_table(forms) + [P('')]
    for k, form in enumerate(forms):
        lab = dict(DEFAULT_LABELS, **form.labels)
        if k:
            blocks.append(P(''))
        if not form.title_in_table:
            blocks += title_paragraphs(form, lab)
        blocks += form_table([form])
        blocks.append(P('注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、服务对象满意度指标10分、'
                        '预算资金执行率10分。', 'left', size=8))
    return blocks
