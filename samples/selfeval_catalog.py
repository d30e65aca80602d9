"""The Family C samples: national-style 项目支出 / 部门整体支出绩效自评表, one file each.

Each `SelfEvalSample` is one file: one or more forms (`selfeval_spec.FormSpec`), in
separate tables or one long table, optionally after a Family A report (`family_a`). Figures
add up unless a slip is intended; each form's `intended` lists the findings its slip must
give (the generator checks that the spec gives exactly these).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from samples.selfeval_spec import FormSpec, Ind, Line, V, Value


@dataclass
class SelfEvalSample:
    name: str
    description: str
    forms: list
    one_table: bool = False
    family_a: Optional[object] = None        # a Family A ReportSpec the forms are attached to
    tags: list = field(default_factory=list)

    @property
    def docx_name(self) -> str:
        return f'{self.name}.docx'


def _lines(total, fiscal, carry=None, other=None, labels=None, max_score='10', **slip):
    """年度资金总额 and its 其中 lines; amounts as (年初, 全年, 执行) texts."""
    lab = dict(dict(total='年度资金总额', fiscal='其中：当年财政拨款', carryover='上年结转资金',
                    other='其他资金'), **(labels or {}))
    out = [Line(lab['total'], 'total', *total, max_score=max_score, **slip),
           Line(lab['fiscal'], 'fiscal', *fiscal)]
    out.append(Line(lab['carryover'], 'carryover', *(carry or (None, None, None))))
    out.append(Line(lab['other'], 'other', *(other or (None, None, None))))
    return out


def _school() -> list:
    return [
        Ind('产出指标', '数量指标', '保障学校数', V('>=50个'), V('52个'), '10', '10'),
        Ind('产出指标', '数量指标', '受益学生人数', V('>=12000人'), V('12350人'), '10', '10'),
        Ind('产出指标', '质量指标', '资金使用合规率', V('=100%'), V('100%'), '15', '15'),
        Ind('产出指标', '时效指标', '资金拨付及时率', V('>=95%'), V('98%'), '5', '5'),
        Ind('产出指标', '成本指标', '生均公用经费标准', V('<=800元'), V('800元'), '10', '10'),
        Ind('效益指标', '社会效益指标', '保障学校正常运转', V('text:保障学校正常运转'),
            V('text:达成预期指标'), '20', '19', '个别学校设施老化，下年度加大维修投入'),
        Ind('效益指标', '可持续影响指标', '办学条件持续改善', V('text:持续改善'), V('text:效果明显'),
            '10', '9', '部分农村学校改善进度偏慢'),
        Ind('满意度指标', '服务对象满意度指标', '学生家长满意度', V('>=90%'), V('93%'), '10', '10'),
    ]


def jiaoyu_2022_project() -> SelfEvalSample:
    form = FormSpec(
        kind='project', year=2022, project_name='义务教育学校公用经费保障',
        supervising='219-岳阳市教育局', implementing='219001-岳阳市第一中学',
        lines=_lines(('500.00', '520.00', '509.60'), ('480.00', '500.00', '489.60'),
                     ('20.00', '20.00', '20.00')),
        indicators=_school(),
        goal_expected='保障全市义务教育学校正常运转，落实生均公用经费标准，改善办学条件。',
        goal_actual='全年保障52所学校正常运转，受益学生12350人，生均公用经费按标准足额拨付。')
    return SelfEvalSample('jiaoyu-2022-project', 'Clean 项目支出绩效自评表: title and year as '
                          'paragraphs above the table, code prefixes on 主管部门 (219-) and 实施单位 '
                          '(219001-, the budget code), level labels with points 产出指标（50分）, merged '
                          'level cells, ≥ ≤ = operators with units, text values (达成预期指标).',
                          [form])


def _health(rate_slip=False) -> FormSpec:
    return FormSpec(
        kind='project', year=2023, project_name='基本公共卫生服务项目',
        supervising='岳阳楼区卫生健康局', implementing='岳阳楼区疾病预防控制中心',
        lines=_lines(('300.00', '320.00', '296.00'), ('280.00', '300.00', '276.00'),
                     ('20.00', '20.00', '20.00'), rate_override='95.00%' if rate_slip else None,
                     labels={'fiscal': '其中：本年财政拨款'}),
        indicators=[
            Ind('产出指标', '数量指标', '建立居民健康档案人数', V('>=8万人'), V('8.2万人'), '15', '15'),
            Ind('产出指标', '数量指标', '开展健康教育讲座次数', V('>=24次'), V('26次'), '10', '10'),
            Ind('产出指标', '质量指标', '健康档案规范化电子建档率', V('>=90%'), V('92%'), '15', '15'),
            Ind('产出指标', '时效指标', '资金拨付及时性', V('text:按季度拨付'), V('text:按季度拨付'), '10', '10'),
            Ind('效益指标', '社会效益指标', '居民健康素养水平', V('>=25%'), V('26.5%'), '15', '15'),
            Ind('效益指标', '可持续影响指标', '公共卫生服务长效机制', V('text:逐步完善'),
                V('text:达成预期指标'), '15', '14', '基层人员流动较大'),
            Ind('满意度指标', '服务对象满意度指标', '居民满意度', V('>=85%'), V('90%'), '10', '10'),
        ],
        goal_expected='为辖区常住居民免费提供基本公共卫生服务，提高居民健康素养。',
        goal_actual='建立居民健康档案8.2万份，开展健康教育讲座26次，居民健康素养水平26.5%。',
        fund_cols=('initial', 'adjusted', 'executed', 'rate', 'max', 'score'),
        labels={'adjusted': '全年预算数\n（A）', 'executed': '全年执行数\n（B）', 'rate': '执行率\n（B/A）'},
        intended=['budget_rate_mismatch'] if rate_slip else [])


def weijian_2023_rate() -> SelfEvalSample:
    return SelfEvalSample('weijian-2023-project-slip-rate', 'Slip: 执行率 printed 95.00% where '
                          '全年执行数 296.00 ÷ 全年预算数 320.00 = 92.50% (得分 9.5 follows the printed '
                          'rate). Headers 全年预算数（A）/ 全年执行数（B）/ 执行率（B/A） broken over two '
                          'lines, 执行率 before 分值, 其中：本年财政拨款.', [_health(rate_slip=True)])


def nongye_2022_score() -> SelfEvalSample:
    form = FormSpec(
        kind='project', year=2022, project_name='高标准农田建设项目',
        supervising='华容县农业农村局', implementing='华容县农田建设服务中心',
        lines=_lines(('1200.00', '1200.00', '1164.00'), ('1000.00', '1000.00', '964.00'),
                     None, ('200.00', '200.00', '200.00'), labels={'fiscal': '其中：财政拨款'}),
        indicators=[
            Ind('产出指标', '数量指标', '新建高标准农田面积', V('>=2万亩'), V('2.1万亩'), '20', '20'),
            Ind('产出指标', '质量指标', '工程验收合格率', V('=100%'), V('100%'), '15', '15'),
            Ind('产出指标', '时效指标', '项目完工及时率', V('>=90%'), V('92%'), '5', '5'),
            Ind('产出指标', '成本指标', '亩均投资', V('<=3000元'), V('2910元'), '10', '12', ''),
            Ind('效益指标', '经济效益指标', '亩均粮食增产', V('>=50公斤'), V('55公斤'), '15', '15'),
            Ind('效益指标', '生态效益指标', '农田灌溉水有效利用系数', V('>=0.55'), V('0.56'), '15', '14',
                '部分片区渠系配套不足'),
            Ind('满意度指标', '服务对象满意度指标', '项目区农户满意度', V('>=90%'), V('91%'), '10', '9',
                '个别农户对施工进度有意见'),
        ],
        goal_expected='新建高标准农田2万亩，提升农田灌溉保障能力和粮食产能。',
        goal_actual='建成高标准农田2.1万亩，工程全部通过验收。',
        points_in_labels=False, merge_levels='first',
        labels={'target': '指标值', 'result': '完成值', 'note': '未完成原因分析', 'ind_score': '自评得分',
                'score': '自评得分'},
        intended=['indicator_above_max'])
    return SelfEvalSample('nongye-2022-project-slip-score', 'Slip: 成本指标 亩均投资 scored 12 on '
                          'a 10-point row (总分 still the sum). Level labels without points, pasted '
                          'from Excel (level cells written on the first row only, not merged), '
                          'spellings 指标值 / 完成值 / 自评得分 / 未完成原因分析, 其中：财政拨款, '
                          'a decimal target (≥0.55).', [form])


def shuili_2022_total() -> SelfEvalSample:
    form = FormSpec(
        kind='project', year=2022, project_name='农村饮水安全巩固提升工程',
        supervising='平江县水利局', implementing='平江县农村供水总站',
        lines=_lines(('800.00', '850.00', '841.50'), ('800.00', '850.00', '841.50'), None, None),
        indicators=[
            Ind('产出指标', '数量指标', '新建集中供水工程', V('>=12处'), V('12处'), '20', '20'),
            Ind('产出指标', '质量指标', '水质达标率', V('>=95%'), V('96%'), '20', '20'),
            Ind('产出指标', '时效指标', '工程按期完工率', V('>=90%'), V('85%'), '10', '7', '两处工程受雨季影响延期'),
            Ind('效益指标', '社会效益指标', '受益人口', V('>=3万人'), V('3.2万人'), '20', '20'),
            Ind('效益指标', '可持续影响指标', '工程运行管护机制', V('text:建立健全'), V('text:基本建立'),
                '10', '8', '管护经费来源不稳定'),
            Ind('满意度指标', '服务对象满意度指标', '受益群众满意度', V('>=90%'), V('92%'), '10', '10'),
        ],
        goal_expected='巩固提升农村饮水安全保障水平，新建集中供水工程12处。',
        goal_actual='新建集中供水工程12处，受益人口3.2万人，水质达标率96%。',
        total_override='96', grade='优', merge_levels='every',
        intended=['selfeval_total_sum'])
    return SelfEvalSample('shuili-2022-project-slip-total', 'Slip: 总分 printed 96 while 资金 9.9 '
                          '+ indicators 85 = 94.9; grade 优 printed beside 总分. Level labels repeated '
                          'on every row (no merging); no 上年结转 / 其他资金 amounts (-).', [form])


def caizheng_2023_funds() -> SelfEvalSample:
    form = FormSpec(
        kind='project', year=2023, project_name='财政信息化建设运维',
        supervising='汨罗市财政局', implementing='汨罗市财政事务中心',
        lines=_lines(('200.00', '200.00', '180.00'), ('180.00', '180.00', '150.00'),
                     ('20.00', '20.00', '20.00'), ('0', '0', '5.00'), labels={'total': '年度资金总额：'}),
        indicators=[
            Ind('产出指标', '数量指标', '运维系统数量', V('>=8套'), V('8套'), '20', '20'),
            Ind('产出指标', '质量指标', '系统正常运行率', V('>=99%'), V('99.5%'), '20', '20'),
            Ind('产出指标', '时效指标', '故障响应时间', V('<=2小时'), V('1.5小时'), '10', '10'),
            Ind('效益指标', '社会效益指标', '财政业务网上办理率', V('>=95%'), V('97%'), '15', '15'),
            Ind('效益指标', '可持续影响指标', '数据安全保障', V('text:无重大安全事故'), V('text:无重大安全事故'),
                '15', '15'),
            Ind('满意度指标', '服务对象满意度指标', '预算单位满意度', V('>=90%'), V('95%'), '10', '10'),
        ],
        goal_expected='保障财政业务系统安全稳定运行。', goal_actual='8套系统全年稳定运行，未发生安全事故。',
        fund_cols=('initial', 'adjusted', 'executed', 'rate', 'max', 'score'),
        labels={'adjusted': '调整后预算数', 'executed': '预算执行数', 'score': '自评得分',
                'supervising': '主管单位'},
        intended=['budget_lines_sum'])
    return SelfEvalSample('caizheng-2023-project-slip-funds', 'Slip: the funding lines do not add '
                          'up: 年度资金总额 executed 180.00 but 150.00 + 20.00 + 5.00 = 175.00. Spellings '
                          '调整后预算数 / 预算执行数 / 自评得分 / 主管单位, 年度资金总额： with a colon, '
                          '0 for 其他资金 budgets.', [form])


def wenlv_2022_full_marks() -> SelfEvalSample:
    form = FormSpec(
        kind='project', year=2022, project_name='公共文化服务体系建设',
        supervising='岳阳楼区文化旅游广电体育局', implementing='岳阳楼区文化馆',
        lines=_lines(('150.00', '160.00', '158.40'), ('150.00', '160.00', '158.40')),
        indicators=[
            Ind('产出指标', '数量指标', '组织文化惠民演出场次', V('>=40场'), V('42场'), '15', '15'),
            Ind('产出指标', '数量指标', '免费开放天数', Value('>=', '300', '天', style='word'),
                V('310天'), '10', '10'),
            Ind('产出指标', '质量指标', '群众参与率', V('>=95%'), V('90%'), '15', '15'),
            Ind('产出指标', '成本指标', '单场演出成本', Value('<=', '1.5', '万元', style='suffix'),
                V('1.4万元'), '10', '10'),
            Ind('效益指标', '社会效益指标', '群众文化生活丰富程度', V('text:明显提升'), V('text:明显提升'),
                '30', '28', '基层文化活动形式较单一'),
            Ind('满意度指标', '服务对象满意度指标', '群众满意度', V('>=90%'), V('94%'), '10', '10'),
        ],
        goal_expected='开展文化惠民演出40场以上，公共文化场馆全年免费开放。',
        goal_actual='开展文化惠民演出42场，场馆免费开放310天。',
        intended=['indicator_full_marks_missed'])
    return SelfEvalSample('wenlv-2022-project-slip-full-marks', 'Slip (warning): 群众参与率 target '
                          '≥95%, actual 90%, yet full marks 15. Operators as words (不低于300天) and as '
                          'a suffix (1.5万元以内); a 99.00% rate; no 上年结转 / 其他资金 amounts.', [form])



def _dept_indicators() -> list:
    return [
        Ind('产出指标', '数量指标', '乡村道路维护里程', V('>=120公里'), V('126公里'), '15', '15'),
        Ind('产出指标', '数量指标', '农户危房改造户数', V('>=30户'), V('32户'), '10', '10'),
        Ind('产出指标', '质量指标', '工程验收合格率', V('=100%'), V('100%'), '15', '15'),
        Ind('产出指标', '时效指标', '重点工作按时完成率', V('>=95%'), V('96%'), '10', '10'),
        Ind('效益指标', '社会效益指标', '群众生产生活条件', V('text:明显改善'), V('text:达成预期指标'),
            '15', '14', '部分村组道路仍需硬化'),
        Ind('效益指标', '生态效益指标', '农村人居环境整治', V('text:持续改善'), V('text:效果明显'), '15', '15'),
        Ind('满意度指标', '服务对象满意度指标', '群众满意度', V('>=90%'), V('95%'), '10', '10'),
    ]


def _dept_form(department: str, year: int, funds: list, lines: list, **kw) -> FormSpec:
    return FormSpec(kind='dept', year=year, department=department, lines=lines,
                    indicators=_dept_indicators(), dept_funds=funds,
                    goal_expected='围绕乡村振兴，完成道路维护、危房改造和人居环境整治等年度重点工作。',
                    goal_actual='完成乡村道路维护126公里、危房改造32户，人居环境持续改善。', **kw)


HENGSHAN_FUNDS = [
    ('按收入性质分', 'income_total', '2030.12', 'income'),
    ('其中：一般公共预算', 'income_fiscal', '1325.68', 'income'),
    ('政府性基金拨款', 'income_gov_fund', '500.00', 'income'),
    ('纳入专户管理的非税收入拨款', 'income_special_account', '104.44', 'income'),
    ('其他资金', 'income_other', '100.00', 'income'),
    ('按支出性质分', 'expenditure_total', '1925.67', 'expenditure'),
    ('其中：基本支出', 'expenditure_basic', '1025.67', 'expenditure'),
    ('项目支出', 'expenditure_project', '900.00', 'expenditure'),
]


def hengshan_2023_dept() -> SelfEvalSample:
    lines = [Line('年度资金总额', 'total', '861.10', '2030.12', '2030.12', max_score='10')]
    form = _dept_form('衡山县贯塘乡人民政府', 2023, HENGSHAN_FUNDS, lines, rate_decimals=0,
                      labels={'score': '自评得分'}, intended=['dept_funds_income_vs_expenditure'])
    return SelfEvalSample('hengshan-2023-dept', '部门整体支出绩效自评表 (衡山 style): 预算部门、单位名称, '
                          '年度预算申请（万元） with one 年度资金总额 line (100% printed without '
                          'decimals), amounts embedded in label cells (一般公共预算：1325.68) for '
                          '按收入性质分 / 按支出性质分; warning: 按收入性质分 2030.12 ≠ 按支出性质分 '
                          '1925.67 (each adds up on its own).', [form])


def _anhui(k: int) -> FormSpec:
    names = [('340102-合肥市瑶海区农业农村局', '340102001-瑶海区农业技术推广中心', '农业技术推广服务'),
             ('瑶海区农业农村局', '瑶海区动物卫生监督所', '动物防疫补助经费'),
             ('瑶海区农业农村局', '瑶海区农村经营管理站', '农村集体“三资”管理')]
    sup, impl, project = names[k]
    base = [('60.00', '60.00', '57.00'), ('45.00', '48.00', '48.00'), ('30.00', '32.00', '28.80')][k]
    inds = [
        Ind('产出指标', '数量指标', ['培训农户人次', '免疫动物数量', '清查村级组织数'][k],
            V(['>=1500人次', '>=20万头', '=36个'][k]), V(['1620人次', '21.5万头', '36个'][k]), '25', '25'),
        Ind('产出指标', '质量指标', ['技术到位率', '免疫密度', '账务规范率'][k], V('>=90%'),
            V(['95%', '96%', '92%'][k]), '15', '15'),
        Ind('产出指标', '时效指标', '任务完成及时率', V('>=95%'), V('100%'), '10', '10'),
        Ind('效益指标', '社会效益指标', ['主推技术覆盖率', '重大动物疫情发生数', '集体资产监管水平'][k],
            V(['>=80%', '<=0起', 'text:明显提升'][k]), V(['85%', '0起', 'text:达成预期指标'][k]), '30', '29',
            '宣传覆盖面有待扩大'),
        Ind('满意度指标', '服务对象满意度指标', '服务对象满意度', V('>=90%'), V('93%'), '10', '10'),
    ]
    return FormSpec(kind='project', year=2022, project_name=project, supervising=sup, implementing=impl,
                    lines=_lines(base, base), indicators=inds, title_in_table=True,
                    goal_expected=f'完成{project}年度任务。', goal_actual=f'{project}年度任务全部完成。')


def anhui_2022_three_projects() -> SelfEvalSample:
    return SelfEvalSample('anhui-2022-three-projects', 'Three 项目支出绩效自评表 in ONE long table, '
                          'each starting with its own title rows (项目支出绩效自评表 / （2022年度）) '
                          'inside the table: three reports (-1, -2, -3); the first with code '
                          'prefixes 340102- / 340102001-; a 95.00% and a 90.00% rate; ≤0起.',
                          [_anhui(k) for k in range(3)], one_table=True)


def minzheng_2023_dept_projects() -> SelfEvalSample:
    funds = [('按收入性质分', 'income_total', '642.30', 'income'),
             ('其中：一般公共预算', 'income_fiscal', '612.30', 'income'),
             ('其他资金', 'income_other', '30.00', 'income'),
             ('按支出性质分', 'expenditure_total', '642.30', 'expenditure'),
             ('其中：基本支出', 'expenditure_basic', '402.30', 'expenditure'),
             ('项目支出', 'expenditure_project', '240.00', 'expenditure')]
    lines = [Line('年度资金总额', 'total', '600.00', '642.30', '635.88', max_score='10')]
    dept = _dept_form('云溪区民政局', 2023, funds, lines,
                      labels={'department': '预算部门(单位)名称', 'funds_dept': '年度预算申请（万元）'})
    p1 = replace(_health(), year=2023, project_name='城乡低保资金', supervising='云溪区民政局',
                 implementing='云溪区社会救助服务中心')
    p2 = replace(_health(), year=2023, project_name='特困人员供养经费', supervising='云溪区民政局',
                 implementing='云溪区社会福利院',
                 lines=_lines(('90.00', '90.00', '90.00'), ('90.00', '90.00', '90.00')))
    return SelfEvalSample('minzheng-2023-dept-projects', 'A 部门整体支出绩效自评表 followed by two '
                          '项目支出绩效自评表, each a table of its own under title paragraphs: the '
                          'department form is the file\'s report, the projects reports -1 and -2; '
                          '预算部门(单位)名称 with half-width brackets.', [dept, p1, p2])


def jiaoyu_2022_with_selfeval() -> SelfEvalSample:
    from samples import catalog

    a = replace(catalog.jiaoyu_2022(), name='jiaoyu-2022-with-selfeval')
    lines = [Line('年度资金总额', 'total', '1300.00', '1328.58', '1328.58', max_score='10')]
    funds = [('按收入性质分', 'income_total', '1328.58', 'income'),
             ('其中：一般公共预算', 'income_fiscal', '1304.28', 'income'),
             ('其他资金', 'income_other', '24.30', 'income'),
             ('按支出性质分', 'expenditure_total', '1304.28', 'expenditure'),
             ('其中：基本支出', 'expenditure_basic', '1017.78', 'expenditure'),
             ('项目支出', 'expenditure_project', '286.50', 'expenditure')]
    form = _dept_form('区教育局', 2022, funds, lines, rate_decimals=0,
                      intended=['dept_funds_income_vs_expenditure'])
    return SelfEvalSample('jiaoyu-2022-with-selfeval', 'Family A + C in one file: the clean '
                          'jiaoyu-2022 report (cover, form, score sheet) with a 部门整体支出绩效自评表 '
                          'attached after it: one report read as dept_report;dept_selfeval_table '
                          '(score_total from the score sheet); warning: 按收入性质分 1328.58 (with '
                          'the 上年结转 24.30 as 其他资金) ≠ 按支出性质分 1304.28.', [form], family_a=a)


def yueyang_2023_budget_score() -> SelfEvalSample:
    form = replace(_health(), year=2023, project_name='城区排水设施维护', supervising='岳阳市城市管理局',
                   implementing='岳阳市排水管理处', title_in_table=True,
                   lines=_lines(('300.00', '320.00', '296.00'), ('280.00', '300.00', '276.00'),
                                ('20.00', '20.00', '20.00'), score_override='10'),
                   points_override={'产出指标': '45'}, fund_cols=('initial', 'adjusted', 'executed',
                                                               'max', 'rate', 'score'),
                   labels={'indicators': '年度绩效指标', 'target': '绩效指标值', 'result': '实际完成值',
                           'total': '合计', 'project_title': '项目支出绩效自评表'},
                   goal_expected='保障城区排水管网和泵站正常运行，汛期不发生大面积内涝。',
                   goal_actual='全年维护管网和泵站，汛期未发生大面积内涝。',
                   intended=['budget_score_mismatch', 'indicator_level_points', 'selfeval_level_weight'])
    return SelfEvalSample('yueyang-2023-project-slip-budget-score', 'Slips: the 资金 得分 printed 10 '
                          'where 分值 10 × 执行率 92.50% = 9.25 (error); the label 产出指标（45分） '
                          'while its rows carry 50 points (warning) and the national weight is 50 '
                          '(warning). Title rows inside the table, 年度绩效指标 / 绩效指标值 / 合计.',
                          [form])


SAMPLES = [jiaoyu_2022_project, weijian_2023_rate, nongye_2022_score, shuili_2022_total,
           caizheng_2023_funds, wenlv_2022_full_marks, hengshan_2023_dept,
           anhui_2022_three_projects, minzheng_2023_dept_projects, jiaoyu_2022_with_selfeval,
           yueyang_2023_budget_score]


def all_samples() -> list:
    return [make() for make in SAMPLES]
