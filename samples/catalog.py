"""The samples: one `ReportSpec` per generated report.

Each sample exercises something (a layout, a number format, a label variant, a slip); its
`description` says what. Figures are chosen so that everything adds up unless a slip is
intended, and `intended_errors` lists the findings the slip must produce (the generator
checks that the spec produces exactly these).
"""
from __future__ import annotations

import random
from decimal import Decimal

from samples import seed_data as sd
from samples.variant_data import VARIANT_DEPTS
from samples.spec_model import (TABLE_FIELDS, Cover, Entity, Layout, Narrative, ReportSpec, ScoreSheet, D,
                                printed_entities, raw_unit, total_row)

DEPTS = sd.DEPTS

# Deduction sets (二级, 三级) -> (self score, note), reused by several samples.
GOOD = {  # total 96.8 (优)
    ('预算执行', '预算调整率'): ('2', '年中追加预算，预算调整率8%'),
    ('预算管理', '政府采购执行率'): ('2.6', '个别采购项目未按计划实施'),
    ('资产管理', '资产管理安全性'): ('3', '部分资产未及时登记入账'),
    ('职责履行', '其他工作实绩指标完成情况'): ('3.2', '个别工作未达到预期进度'),
}
FAIR = {  # total 86.9 (良)
    ('预算配置', '重点支出安排率'): ('4', '重点支出安排率85%'),
    ('预算执行', '预算调整率'): ('1', '预算调整率15%'),
    ('预算执行', '支付进度'): ('2', '部分专项资金下达滞后'),
    ('预算执行', '资金结余'): ('2', '有结余，但不超过上年结转'),
    ('预算管理', '管理制度健全性'): ('2', '内部控制制度执行不到位'),
    ('预算管理', '资金使用合规性'): ('2', '个别支出审批手续不完整'),
    ('预算管理', '政府采购执行率'): ('2.4', '政府采购执行率97%'),
    ('预算管理', '公务卡刷卡率'): ('2.5', '公务卡刷卡率未达到要求'),
    ('资产管理', '资产管理安全性'): ('3', '资产账务管理有待进一步完善'),
    ('资产管理', '固定资产利用率'): ('2', '部分设备闲置'),
    ('职责履行', '其他工作实绩指标完成情况'): ('3', '个别工作未完成'),
    ('履职效益', '经济效益'): ('4', ''),
    ('履职效益', '社会效益'): ('4', ''),
}
POOR = {  # total 72.5 (中)
    ('预算配置', '财政供养人员控制率'): ('4', '在职人员超编2人'),
    ('预算配置', '“三公经费”变动率'): ('3', '“三公经费”较上年增长4%'),
    ('预算配置', '重点支出安排率'): ('3', '重点支出安排率75%'),
    ('预算执行', '预算调整率'): ('1', '预算调整率18%'),
    ('预算执行', '支付进度'): ('2', '专项资金下达不及时'),
    ('预算执行', '资金结余'): ('2', '有结余'),
    ('预算执行', '“三公经费”控制率'): ('5', '“三公经费”超预算1%'),
    ('预算管理', '管理制度健全性'): ('2', '管理制度未有效执行'),
    ('预算管理', '资金使用合规性'): ('1', '存在两例支出不合规'),
    ('预算管理', '预决算信息公开性和完善性'): ('2.5', '公开不及时'),
    ('预算管理', '政府采购执行率'): ('2', '政府采购执行率95%'),
    ('预算管理', '公务卡刷卡率'): ('2', '刷卡率低于50%'),
    ('资产管理', '管理制度健全性'): ('2', '资产管理制度未完全执行'),
    ('资产管理', '资产管理安全性'): ('3', '资产账实不符'),
    ('资产管理', '固定资产利用率'): ('2', '部分设备闲置'),
    ('职责履行', '推进全面小康建设指标任务完成情况'): ('4', ''),
    ('职责履行', '建设湖南新增极目标任务完成情况'): ('6', ''),
    ('职责履行', '《政府工作报告》目标任务完成情况'): ('4', ''),
    ('职责履行', '其他工作实绩指标完成情况'): ('3', ''),
    ('履职效益', '经济效益'): ('4', ''),
    ('履职效益', '社会效益'): ('4', ''),
    ('履职效益', '生态效益'): ('4', ''),
    ('履职效益', '社会公众或服务对象满意度'): ('3', '满意度93%'),
}
EIGHTY_FIVE = dict(FAIR)  # total 85 (良), used with a wrong grade
EIGHTY_FIVE[('预算管理', '公务卡刷卡率')] = ('2', '公务卡刷卡率未达到要求')
EIGHTY_FIVE[('预算管理', '政府采购执行率')] = ('2', '政府采购执行率95%')
EIGHTY_FIVE[('职责履行', '省市区民生实事完成情况')] = ('1', '部分民生实事进度滞后')

SEED_ZEROS = {'income': 'blank', 'expenditure': 'blank', 'three_public': 'zero',
              'fixed_assets': 'blank'}
ZEROS_00 = {'income': 'blank', 'expenditure': 'blank', 'three_public': 'zero',
            'fixed_assets': 'zero'}


def _single(unit, zeros=ZEROS_00, overrides=None):
    return printed_entities([unit], zeros, overrides)


def _multi(units, zeros=ZEROS_00, overrides=None):
    return printed_entities(units + [total_row(units)], zeros, overrides)


def _cover(dept, year, **kw):
    kw.setdefault('report_date', f'{year + 1}年5月13日')
    return Cover(department=dept.name, budget_code=dept.code, **kw)


def keji_2021() -> ReportSpec:
    unit = raw_unit('局机关', '618.79', '173.73', tp=('2.5', 0, 0, 0), fa=('202.46', 0, 0))
    return ReportSpec(
        name='keji-2021',
        description='The seed rebuilt: own figures, texts and score rows; its slip 基本支出 795.52 '
                    '(≠ 人员 + 公用 = 支出合计 = 792.52, narrative 792.52); no cover; money tables as '
                    'rows of the form table; narrative in its own one-cell table; score sheet split '
                    'in two tables like the seed; the seed\'s blank 二级 cell quirk.',
        dept=sd.Dept(key='keji', name='区科工局', full_name='岳阳楼区科工局', unit='楼区科工局',
                     code='', contact=('姚丽', '13575000211'), offices='', scope='', functions=[],
                     tasks=[], quantity=[], social=[], economic=[], ecological=[], satisfaction=[],
                     satisfaction_rate='97%', problems='', measures=[], evaluators=[]),
        year=2021,
        entities=_single(unit, SEED_ZEROS, {('expenditure', '局机关', 'expenditure_basic'): '795.52'}),
        staff_authorized=D(36), staff_actual=D(108),
        narrative=Narrative(108, 36, 72, '41.25', fmt='plain',
                            overrides={'expenditure_basic': '792.52'}),
        scores=ScoreSheet(quirk_blank_level2=True),
        layout=Layout(money='rows', narrative='table', score_split='seed', label_breaks='break',
                      list_breaks='paragraph'),
        number_format='plain',
        entity_indent={'three_public': '   ', 'fixed_assets': '   '},
        seed=True,
        intended_errors=['expenditure_total_sum', 'expenditure_basic_sum', 'narrative_vs_table'],
    )


def jiaoyu_2022() -> ReportSpec:
    d = DEPTS['jiaoyu']
    unit = raw_unit('局机关', '865.42', '152.36', '286.50', carryover='24.30',
                    tp=('3.20', '4.80', 0, 0), fa=('356.80', 0, '12.40'))
    return ReportSpec(
        name='jiaoyu-2022', description='Clean; cover page (附件3-1); money tables nested in cells of '
        'the form (one per row, captions as rows); narrative as the last row of the form; labels '
        'broken into two paragraphs; 0.00 zeros; narrative states 三公 parts.',
        dept=d, year=2022, entities=_single(unit),
        staff_authorized=D(52), staff_actual=D(96),
        narrative=Narrative(96, 58, 38, '48.60', three_public_parts=True),
        scores=ScoreSheet(GOOD, stated='pct_int'),
        layout=Layout(money='nested', narrative='row', label_breaks='paragraph', list_breaks='break'),
        cover=Cover(department='区教育局', budget_code='302001', report_date='2023年5月13日'),
    )


def caizheng_2020() -> ReportSpec:
    d = DEPTS['caizheng']
    units = [
        raw_unit('1、局机关', '812.35', '198.40', '1082.00', carryover='56.20', bal_cur='35.60',
                 bal_acc='120.45', tp=('4.60', '6.30', 0, 0), fa=('1265.80', 0, '36.50')),
        raw_unit('2、二级机构1', '236.18', '45.72', '320.50', bal_acc='12.30',
                 tp=('0.80', 0, 0, 0), fa=('98.60', 0, 0)),
        raw_unit('3、二级机构2', '158.64', '32.15', '86.00', other='5.00', tp=('0.50', 0, 0, 0),
                 fa=('45.20', '12.00', 0)),
    ]
    zeros = {'income': 'blank', 'expenditure': 'blank', 'three_public': 'dash', 'fixed_assets': 'blank'}
    return ReportSpec(
        name='caizheng-2020', description='Clean, grade 良; three 机构名称 rows (1、局机关, 2、二级机构1, '
        '3、二级机构2) plus a 合计 row in every money table; thousands separators (1,082.00); — for '
        'zero 三公 parts; money tables as separate top-level tables; no cover (year from the narrative).',
        dept=d, year=2020, entities=_multi(units, zeros),
        staff_authorized=D(98), staff_actual=D(142),
        narrative=Narrative(142, 98, 44, '61.30', with_project=True),
        scores=ScoreSheet(FAIR, stated='plain'),
        layout=Layout(money='separate', narrative='table', label_breaks='break',
                      list_breaks='paragraph'),
        number_format='thousands',
    )


def weijian_2023() -> ReportSpec:
    d = DEPTS['weijian']
    unit = raw_unit('局机关', '1236.58', '210.44', '642.30', carryover='80.00', gov_fund='120.00',
                    tp=('2.10', '3.60', 0, 0), fa=('812.36', 0, 0))
    return ReportSpec(
        name='weijian-2023', description='Clean, grade 中 (72.5); full-width digits everywhere in the '
        'tables (７９２．５２, staff too); all four money tables nested in ONE cell with captions as '
        'paragraphs; cover with the 部门整体支出 title; quantitative targets one cell per dimension.',
        dept=d, year=2023, entities=_single(unit),
        staff_authorized=D(48), staff_actual=D(67),
        narrative=Narrative(67, 48, 19, '72.30', with_project=True, inline_sub=True),
        scores=ScoreSheet(POOR, stated='pct'),
        layout=Layout(money='nested_one', narrative='table', label_breaks='break',
                      list_breaks='paragraph', quant_style='cells'),
        cover=_cover(d, 2023, title_style='plain', report_date='2024年4月26日'),
        number_format='fullwidth',
    )


VARIANT_LABELS = {
    'income_fiscal': '一般公共预算财政拨款', 'income_gov_fund': '政府性基金预算拨款',
    'income_special_account': '财政专户管理资金', 'expenditure_personnel': '人员经费',
    'expenditure_public': '日常公用经费', 'three_public_vehicle_operation': '公务用车运行维护费',
    'three_public_overseas': '因公出国（境）费', 'staff_authorized': '编制人数', 'phone': '联系电话',
}


def chengguan_2019() -> ReportSpec:
    d = DEPTS['chengguan']
    unit = raw_unit('局机关', '1523.67', '318.25', '2860.40', carryover='125.30', gov_fund='860.00',
                    special='46.80', tp=('1.85', '12.60', 0, 0), fa=('2368.45', 0, '156.20'))
    zeros = {'income': 'zero', 'expenditure': 'blank', 'three_public': 'zero', 'fixed_assets': 'zero'}
    return ReportSpec(
        name='chengguan-2019', description='Clean; label variants in the tables (一般公共预算财政拨款, '
        '政府性基金预算拨款, 财政专户管理资金, 人员经费, 日常公用经费, 公务用车运行维护费, 因公出国（境）费, '
        '编制人数, 联系电话); cover 附件6 with an alphanumeric budget code; money tables as rows of the '
        'form; 0.00 for zero income parts; narrative states 项目支出 and 三公 parts.',
        dept=d, year=2019, entities=_single(unit, zeros),
        staff_authorized=D(86), staff_actual=D(203),
        narrative=Narrative(203, 168, 35, '95.40', with_project=True, three_public_parts=True),
        scores=ScoreSheet({('预算执行', '预算调整率'): ('2', '预算调整率6%'),
                           ('预算执行', '资金结余'): ('2', '有少量结余'),
                           ('预算管理', '政府采购执行率'): ('2.8', '政府采购执行率99%'),
                           ('预算管理', '公务卡刷卡率'): ('2.7', '公务卡刷卡率48%'),
                           ('资产管理', '资产管理安全性'): ('3', '部分资产未及时入账')}),
        layout=Layout(money='rows', narrative='table', label_breaks='paragraph', list_breaks='break',
                      quant_style='cells'),
        cover=Cover(department=d.name, budget_code='YYX292', report_date='2020年06月18日',
                    attachment='附件6'),
        labels=VARIANT_LABELS,
    )


def wenlv_2018() -> ReportSpec:
    d = DEPTS['wenlv']
    unit = raw_unit('局机关', '456.32', '99.05', '237.15', other='12.50', tp=('1.20', 0, 0, 0),
                    fa=('168.90', 0, 0))
    zeros = {'income': 'dash', 'expenditure': 'blank', 'three_public': 'zero', 'fixed_assets': 'zero'}
    return ReportSpec(
        name='wenlv-2018', description='Clean, grade 良; the income table is headed in 元 (caption '
        '年度收入情况（元）, 7,925,200.00 = 792.52 万元); placeholders: — in the income table, blank in '
        'the expenditure table, 0 in the 三公 table, 0.00 in the fixed-asset table; narrative in the '
        'document body with real Word headings (Heading 1/2); separate money tables; no cover.',
        dept=d, year=2018, entities=_single(unit, zeros),
        staff_authorized=D(30), staff_actual=D(41),
        narrative=Narrative(41, 30, 11, '22.60'),
        scores=ScoreSheet(FAIR, stated='fen'),
        layout=Layout(money='separate', narrative='headings', label_breaks='break',
                      list_breaks='break'),
        table_formats={'income': 'yuan', 'three_public': 'plain'},
    )


# --- one deliberate slip each ------------------------------------------------------------


def minzheng_2021_three_public() -> ReportSpec:
    d = DEPTS['minzheng']
    unit = raw_unit('局机关', '523.46', '87.92', '1650.00', carryover='36.20',
                    tp=('2.30', '3.00', 0, 0), fa=('146.50', 0, 0))
    return ReportSpec(
        name='minzheng-2021-slip-three-public', description='Slip (a): 三公经费合计 5.80 ≠ 2.30 + 3.00 '
        '+ 0 + 0; the narrative repeats the printed 5.80. Nested money tables; no cover.',
        dept=d, year=2021,
        entities=_single(unit, ZEROS_00, {('three_public', '局机关', 'three_public_total'): '5.80'}),
        staff_authorized=D(35), staff_actual=D(52),
        narrative=Narrative(52, 35, 17, '30.15'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='nested', narrative='table', label_breaks='break', list_breaks='paragraph'),
        intended_errors=['three_public_total_sum'],
    )


def renshe_2022_entity_total() -> ReportSpec:
    d = DEPTS['renshe']
    units = [
        raw_unit('1、局机关', '645.20', '120.35', '430.00', bal_cur='18.40', bal_acc='52.60',
                 tp=('1.60', '2.40', 0, 0), fa=('210.30', 0, 0)),
        raw_unit('2、就业服务中心', '312.48', '64.20', '880.00', bal_acc='23.15',
                 tp=('0.60', 0, 0, 0), fa=('86.45', 0, '4.20')),
        raw_unit('3、劳动保障监察大队', '186.30', '38.65', '45.00', bal_cur='6.20', bal_acc='9.80',
                 tp=('0.40', 0, 0, 0), fa=('32.10', 0, 0)),
    ]
    return ReportSpec(
        name='renshe-2022-slip-entity-total', description='Slip (b): the 合计 row\'s 累计结余 is 95.55, '
        'not 52.60 + 23.15 + 9.80 = 85.55 (the column is in no other sum). Three units plus 合计; '
        'nested money tables; cover.',
        dept=d, year=2022,
        entities=_multi(units, ZEROS_00, {('expenditure', '合计', 'balance_accumulated'): '95.55'}),
        staff_authorized=D(76), staff_actual=D(118),
        narrative=Narrative(118, 80, 38, '52.40'),
        scores=ScoreSheet(GOOD, stated='pct'),
        layout=Layout(money='nested', narrative='row', label_breaks='paragraph', list_breaks='paragraph'),
        cover=_cover(d, 2022),
        intended_errors=['entity_total_row'],
    )


def sifa_2020_score_max() -> ReportSpec:
    d = DEPTS['sifa']
    unit = raw_unit('局机关', '402.16', '76.84', '268.00', tp=('1.45', 0, 0, 0), fa=('98.30', 0, 0))
    return ReportSpec(
        name='sifa-2020-slip-score-max', description='Slip (c): 重点支出安排率 self score 6 above its '
        'maximum 5 (总分 still the sum, 99.5, stated 99.5%, grade 优). Money tables as rows of the '
        'form; cover.',
        dept=d, year=2020, entities=_single(unit),
        staff_authorized=D(38), staff_actual=D(45),
        narrative=Narrative(45, 38, 7, '18.20'),
        scores=ScoreSheet({('预算配置', '重点支出安排率'): ('6', ''),
                           ('预算执行', '预算调整率'): ('2', '预算调整率5%'),
                           ('预算管理', '公务卡刷卡率'): ('2.5', '刷卡率偏低')}, stated='pct'),
        layout=Layout(money='rows', narrative='table', label_breaks='break', list_breaks='break'),
        cover=_cover(d, 2020),
        intended_errors=['score_above_max'],
    )


def nongye_2019_score_total() -> ReportSpec:
    d = DEPTS['nongye']
    unit = raw_unit('局机关', '538.74', '96.28', '1326.50', carryover='42.00',
                    tp=('1.90', '2.60', 0, 0), fa=('264.80', 0, '8.50'))
    return ReportSpec(
        name='nongye-2019-slip-score-total', description='Slip (d): 总分 printed 97.8 but the rows sum '
        'to 96.8 (绩效自评综合得分 97.8%, 优 either way). No cover and no year anywhere in the text: '
        'the year comes from the file name (the score sheet\'s stale 2018 must not be taken). '
        'Separate money tables.',
        dept=d, year=2019, entities=_single(unit),
        staff_authorized=D(41), staff_actual=D(63),
        narrative=Narrative(63, 41, 22, '26.70', with_year=False),
        scores=ScoreSheet(GOOD, total_printed='97.8', stated='pct'),
        layout=Layout(money='separate', narrative='table', label_breaks='paragraph',
                      list_breaks='paragraph'),
        intended_errors=['score_total_sum'],
    )


def shuili_2021_grade() -> ReportSpec:
    d = DEPTS['shuili']
    unit = raw_unit('局机关', '356.92', '68.41', '2140.00', gov_fund='600.00',
                    tp=('1.10', '2.20', 0, 0), fa=('186.25', 0, 0))
    return ReportSpec(
        name='shuili-2021-slip-grade', description='Slip (e): 总分 85 (the sum) but 评价等次 优. '
        'Nested money tables; cover.',
        dept=d, year=2021, entities=_single(unit),
        staff_authorized=D(32), staff_actual=D(47),
        narrative=Narrative(47, 32, 15, '16.80'),
        scores=ScoreSheet(EIGHTY_FIVE, stated='pct_int', grade='优'),
        layout=Layout(money='nested', narrative='table', label_breaks='break', list_breaks='paragraph'),
        cover=_cover(d, 2021),
        intended_errors=['grade_vs_score'],
    )


def shangwu_2022_narrative() -> ReportSpec:
    d = DEPTS['shangwu']
    unit = raw_unit('局机关', '618.79', '173.73', '350.00', tp=('1.80', 0, 0, 0), fa=('132.60', 0, 0))
    return ReportSpec(
        name='shangwu-2022-slip-narrative', description='Slip (f): the narrative says 人员经费支出 '
        '600.00万元 (工资福利 558.75 + 补助 41.25, so the narrative adds up) while the table says '
        '618.79; the narrative does not state 基本支出. Money tables as rows; no cover.',
        dept=d, year=2022, entities=_single(unit),
        staff_authorized=D(36), staff_actual=D(58),
        narrative=Narrative(58, 36, 22, '41.25', omit_basic=True,
                            overrides={'expenditure_personnel': '600.00', 'wages_welfare': '558.75'}),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='rows', narrative='table', label_breaks='break', list_breaks='paragraph'),
        intended_errors=['narrative_vs_table'],
    )


def shijian_2023_staff() -> ReportSpec:
    d = DEPTS['shijian']
    unit = raw_unit('局机关', '1046.35', '186.40', '520.00', carryover='64.80',
                    tp=('2.40', '8.60', 0, 0), fa=('426.70', 0, 0))
    return ReportSpec(
        name='shijian-2023-slip-staff', description='Slip (g): narrative 职工人数50人，其中：在职30人，'
        '退休15人. Money tables nested in one cell; cover.',
        dept=d, year=2023, entities=_single(unit),
        staff_authorized=D(30), staff_actual=D(50),
        narrative=Narrative(50, 30, 15, '86.20'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='nested_one', narrative='table', label_breaks='paragraph',
                      list_breaks='break'),
        cover=_cover(d, 2023),
        intended_errors=['staff_sum'],
    )


def yingji_2020_fixed_assets() -> ReportSpec:
    d = DEPTS['yingji']
    unit = raw_unit('局机关', '298.46', '62.18', '415.00', tp=('0.90', '1.80', 0, 0),
                    fa=('326.40', 0, '18.60'))
    return ReportSpec(
        name='yingji-2020-slip-fixed-assets', description='Slip (h): 固定资产合计 354.00 ≠ 326.40 + 0 + '
        '18.60 = 345.00. Separate money tables with repeated header rows; cover.',
        dept=d, year=2020,
        entities=_single(unit, ZEROS_00, {('fixed_assets', '局机关', 'fixed_assets_total'): '354.00'}),
        staff_authorized=D(28), staff_actual=D(36),
        narrative=Narrative(36, 28, 8, '12.30'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='separate', narrative='table', label_breaks='break', list_breaks='paragraph',
                      repeat_headers=True),
        cover=_cover(d, 2020),
        intended_errors=['fixed_assets_total_sum'],
    )


def zhujian_2021_income() -> ReportSpec:
    d = DEPTS['zhujian']
    unit = raw_unit('局机关', '486.27', '103.58', '1890.00', carryover='120.00', gov_fund='1200.00',
                    tp=('1.30', '3.20', 0, 0), fa=('215.60', 0, 0))
    return ReportSpec(
        name='zhujian-2021-slip-income', description='Slip (i): 收入合计 2,499.85 ≠ 120.00 + 1,159.85 '
        '+ 1,200.00 = 2,479.85. Money tables as rows of the form; no cover.',
        dept=d, year=2021,
        entities=_single(unit, ZEROS_00, {('income', '局机关', 'income_total'): '2499.85'}),
        staff_authorized=D(44), staff_actual=D(61),
        narrative=Narrative(61, 44, 17, '28.90'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='rows', narrative='table', label_breaks='paragraph', list_breaks='paragraph'),
        number_format='thousands',
        intended_errors=['income_total_sum'],
    )


# --- the long one --------------------------------------------------------------------------


def _q(x: float) -> Decimal:
    return Decimal(str(round(x, 2))).quantize(Decimal('0.01'))


def jiaoyu_2023_long() -> ReportSpec:
    d = DEPTS['jiaoyu']
    rng = random.Random(2023)
    units = [raw_unit('1、局机关', '865.42', '152.36', '286.50', carryover='24.30',
                      tp=('3.20', '4.80', 0, 0), fa=('356.80', 0, '12.40'))]
    for i, school in enumerate(sd.SCHOOL_NAMES, 2):
        personnel = _q(150 + rng.random() * 750)
        public = _q(float(personnel) * (0.08 + rng.random() * 0.12))
        project = _q(rng.random() * 300) if rng.random() < 0.6 else 0
        bal_cur = _q(rng.random() * 20) if rng.random() < 0.3 else 0
        reception = _q(rng.random() * 1.5) if rng.random() < 0.5 else 0
        fa_in_use = _q(50 + rng.random() * 550)
        fa_other = _q(rng.random() * 30) if rng.random() < 0.3 else 0
        units.append(raw_unit(f'{i}、{school}', personnel, public, project, bal_cur=bal_cur,
                              tp=(reception, 0, 0, 0), fa=(fa_in_use, 0, fa_other)))
    zeros = {'income': 'blank', 'expenditure': 'blank', 'three_public': 'zero', 'fixed_assets': 'blank'}
    return ReportSpec(
        name='jiaoyu-2023-long', description='Clean and long: 25 机构名称 rows plus 合计 in every money '
        'table, a long narrative (extra work items), separate money tables with repeated header rows '
        'and the score sheet as ONE table with a repeated header row, so that in the PDF a money '
        'table and the score sheet continue onto the next page. Cover.',
        dept=d, year=2023, entities=_multi(units, zeros),
        staff_authorized=D(1860), staff_actual=D(2436),
        narrative=Narrative(2436, 1912, 524, '1268.35', with_project=True,
                            extra_tasks=sd.LONG_EXTRA_TASKS),
        scores=ScoreSheet(GOOD, stated='pct_int'),
        layout=Layout(money='separate', narrative='table', score_split='none', repeat_headers=True,
                      label_breaks='break', list_breaks='paragraph'),
        cover=_cover(d, 2023, report_date='2024年5月20日'),
    )


# --- variants: layouts and spellings of real reports the samples above do not have -------
# Each is clean (everything adds up): what it tests is reading, not checking.

VD = VARIANT_DEPTS


def zhihui_2018_cover() -> ReportSpec:
    d = VD['zhihui']
    unit = raw_unit(d.name, '386.54', '92.18', '245.00', carryover='18.60',
                    tp=('0.85', '3.20', 0, 0), fa=('412.36', 0, '6.80'))
    return ReportSpec(
        name='zhihui-2018-variant-cover', description='City-level cover (岳阳市本级): title split '
        '岳阳市2018年度部门整体支出 / 绩效评价自评报告, the department given as 预算单位名称：, '
        'the date as 报告期：2019 -6 - 18 (年 lost, spaces; its 2019 is not the year evaluated), '
        '预算编码 not letter-spaced, maker 岳阳市财政局（制）; the 机构名称 row is the unit\'s full '
        'name (no 局机关). Money tables as rows of the form.',
        dept=d, year=2018, entities=_single(unit),
        staff_authorized=D(32), staff_actual=D(47),
        narrative=Narrative(47, 32, 15, '24.36'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='rows', narrative='table', label_breaks='break', list_breaks='paragraph'),
        cover=Cover(department=d.name, budget_code=d.code, report_date='2019 -6 - 18',
                    region='岳阳市', title_style='plain', dept_label='预算单位名称：',
                    date_label='报告期：', code_label='预算编码：', maker='岳阳市财政局（制）'),
    )


def tongji_2019_unit_lines() -> ReportSpec:
    d = VD['tongji']
    unit = raw_unit('局机关', '268.43', '58.76', '96.50', other='3.20', tp=('0.62', 0, 0, 0),
                    fa=('88.45', 0, '3.60'))
    zeros = {'income': 'blank', 'expenditure': 'blank', 'three_public': 'zero', 'fixed_assets': 'zero'}
    return ReportSpec(
        name='tongji-2019-variant-unit-lines', description='The unit is stated only in a line between '
        'caption and table, never in the caption: 金额单位：元 over the income and expenditure tables '
        '(元 with thousands separators, 2,684,300.00 = 268.43 万元), 单位：元 over the 三公 table (whole '
        '元 without separators, 6200 and 0), 单位：万元 over the fixed-asset table; separate money '
        'tables; no cover (year from the narrative).',
        dept=d, year=2019, entities=_single(unit, zeros),
        staff_authorized=D(14), staff_actual=D(21),
        narrative=Narrative(21, 14, 7, '16.32'),
        scores=ScoreSheet(FAIR, stated='plain'),
        layout=Layout(money='separate', narrative='table', label_breaks='break', list_breaks='paragraph',
                      unit_lines={'income': '金额单位：元', 'expenditure': '金额单位：元',
                                  'three_public': '单位：元', 'fixed_assets': '单位：万元'}),
        table_formats={'income': 'yuan', 'expenditure': 'yuan', 'three_public': 'yuan_int'},
    )


def jiaotong_2020_huizong_first() -> ReportSpec:
    d = VD['jiaotong']
    units = [
        raw_unit('局机关', '426.35', '88.20', '650.00', carryover='32.00', bal_cur='12.40',
                 bal_acc='36.80', tp=('1.20', '2.80', 0, 0), fa=('236.50', 0, '8.20')),
        raw_unit('区公路建设养护中心', '512.64', '76.35', '1280.00', gov_fund='600.00', bal_acc='15.60',
                 tp=('0.40', '5.60', 0, 0), fa=('1865.20', '120.00', 0)),
        raw_unit('区交通运输综合行政执法大队', '298.72', '54.18', '86.00', tp=('0.30', '4.10', 0, 0),
                 fa=('145.80', 0, 0)),
    ]
    return ReportSpec(
        name='jiaotong-2020-variant-huizong-first', description='The total row is called '
        '局机关及二级机构汇总 (not 合计) and comes FIRST, before 局机关 and two 二级机构, in every money '
        'table; the narrative states the 汇总 figures. Nested money tables; narrative as a row of the '
        'form; cover.',
        dept=d, year=2020,
        entities=printed_entities([total_row(units, '局机关及二级机构汇总')] + units, ZEROS_00),
        staff_authorized=D(120), staff_actual=D(186),
        narrative=Narrative(186, 120, 66, '88.45', with_project=True),
        scores=ScoreSheet(GOOD, stated='pct'),
        layout=Layout(money='nested', narrative='row', label_breaks='break', list_breaks='paragraph'),
        cover=_cover(d, 2020, report_date='2021年5月20日'),
    )


SHENJI_LABELS = {
    'income_total': '收 入 合 计', 'expenditure_total': '支 出 合 计', 'qizhong': '其中:',
    'income_special_account': '纳入专户管理的\n非税收入拨款', 'balance_group': '结 余',
    'entity_header': '单位名称', 'three_public_total': '“三公”经费合计',
    'three_public_overseas': '因公出国（境）费', 'three_public_vehicle_operation': '公务用车运行维护费',
}


def shenji_2021_header_labels() -> ReportSpec:
    d = VD['shenji']
    unit = raw_unit('局机关', '356.28', '74.62', '128.00', carryover='15.30',
                    tp=('0.96', '3.40', '18.50', 0), fa=('96.80', 0, '2.40'))
    return ReportSpec(
        name='shenji-2021-variant-header-labels', description='Header spellings: 收 入 合 计, '
        '支 出 合 计, 结 余 (letter-spaced), 其中: (half-width colon), 单位名称 for 机构名称, '
        '纳入专户管理的 / 非税收入拨款 broken in two, “三公”经费合计 with curly quotes; the 三公 table '
        'in 决算 order with a three-row header: 因公出国（境）费 | 公务用车购置及运行维护费 (小计 | '
        '公务用车购置费 | 公务用车运行维护费) | 公务接待费, whose 小计 (21.90 = 18.50 + 3.40) is not a '
        'contract field and gives no fact. Money tables as rows of the form; cover.',
        dept=d, year=2021, entities=_single(unit),
        staff_authorized=D(24), staff_actual=D(33),
        narrative=Narrative(33, 24, 9, '21.06', three_public_parts=True),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='rows', narrative='table', label_breaks='break', list_breaks='paragraph',
                      three_public_style='final'),
        cover=_cover(d, 2021),
        labels=SHENJI_LABELS,
    )


def dangan_2022_no_fixed_assets() -> ReportSpec:
    d = VD['dangan']
    unit = raw_unit('区档案馆', '168.42', '36.15', '45.00', tp=('0.35', 0, 0, 0))
    return ReportSpec(
        name='dangan-2022-variant-no-fixed-assets', description='No 固定资产 table at all (the '
        'unit deleted it): income, expenditure and 三公 only, so the report is incomplete (a tool '
        'should say the fixed-asset table is missing; that is not an arithmetic error). Cover with '
        '填报单位： for the department; three money tables nested in ONE cell.',
        dept=d, year=2022, entities=_single(unit),
        staff_authorized=D(18), staff_actual=D(26),
        narrative=Narrative(26, 18, 8, '14.52'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='nested_one', narrative='table', label_breaks='paragraph',
                      list_breaks='break', money_tables=('income', 'expenditure', 'three_public')),
        cover=_cover(d, 2022, dept_label='填报单位：'),
    )


ZHENGFUBAN_SCORES = dict(GOOD)
ZHENGFUBAN_SCORES[('履职效益', '生态效益')] = ('4', '生态效益指标未量化')  # total 95.8


def zhengfuban_2021_score_sheet() -> ReportSpec:
    d = VD['zhengfuban']
    unit = raw_unit('办机关', '732.56', '186.40', '420.00', carryover='26.50',
                    tp=('8.60', '6.20', 0, 0), fa=('268.90', 0, '15.30'))
    return ReportSpec(
        name='zhengfuban-2021-variant-score-sheet', description='Score sheet as ONE table with '
        'another header: 一级指标 | 二级指标 | 三级指标 | 分值 | 评分标准 | 得分 | 扣分原因 (分值 before '
        '评分标准, 得分 and 扣分原因 for 自评得分 and 扣分原因和其他说明); group labels inline with '
        'half-width brackets and no letter spacing (投入(15分)); the shared 分值 15 of 经济/社会/生态效益 '
        'and the shared 评分标准 cells are NOT merged: written on the first row, blank cells below '
        '(max_score null on all three, as for a merged cell); total row 合计. Separate money tables; '
        'no cover.',
        dept=d, year=2021, entities=_single(unit),
        staff_authorized=D(45), staff_actual=D(68),
        narrative=Narrative(68, 45, 23, '96.30'),
        scores=ScoreSheet(ZHENGFUBAN_SCORES, stated='pct',
                          header=['一级指标', '二级指标', '三级指标', '分值', '评分标准', '得分', '扣分原因'],
                          order=('level1', 'level2', 'indicator', 'max_score', 'criteria', 'self_score',
                                 'note'),
                          level_style='inline', merge_shared=False, total_label='合计'),
        layout=Layout(money='separate', narrative='table', score_split='none', label_breaks='break',
                      list_breaks='paragraph'),
    )


def ziran_2020_county_narrative() -> ReportSpec:
    d = VD['ziran']
    unit = raw_unit('局机关', '1086.42', '215.36', '2350.00', carryover='86.50', gov_fund='1500.00',
                    tp=('3.40', '9.80', 0, 0), fa=('1568.30', 0, '42.00'))
    return ReportSpec(
        name='ziran-2020-variant-county-narrative', description='County-style 综述 typed in the body '
        '(no heading styles): （一）/1./（1） under the six headings, 核定编制96人，共有职工148人，其中'
        '在职人员92人，退休人员56人; income stated (收入合计3,651.78万元，其中：一般公共预算财政拨款…，'
        '政府性基金拨款…，上年结转…) and 支出合计; 1.基本支出…公用经费…, 3.“三公”经费支出…; changes '
        'against last year (比上年增加126.40万元, 增长2.9%) that are not facts; thousands separators in '
        'the text. Separate money tables; no cover.',
        dept=d, year=2020, entities=_single(unit),
        staff_authorized=D(96), staff_actual=D(148),
        narrative=Narrative(148, 92, 56, '102.60', fmt='thousands', style='county',
                            changes=('126.40', '2.9', '98.60')),
        scores=ScoreSheet(FAIR, stated='pct'),
        layout=Layout(money='separate', narrative='body', label_breaks='break', list_breaks='paragraph'),
        number_format='thousands',
    )


def tuijun_2022_values() -> ReportSpec:
    d = VD['tuijun']
    unit = raw_unit('局机关', '210', '48.90', '60', bal_cur='-12.30', bal_acc='28.90',
                    tp=('2.5', 0, 0, 0), fa=('76', 0, 0))
    zeros = {'income': 'blank', 'expenditure': 'blank', 'three_public': 'hyphen', 'fixed_assets': 'blank'}
    return ReportSpec(
        name='tuijun-2022-variant-values', description='Values typed by hand: whole numbers bare '
        '(210, 60, 76), others with two decimals and trailing zeros (48.90, 28.90), a negative '
        '当年结余 -12.30 (spent more than this year\'s income; 收入合计 306.60 = 支出合计 318.90 − 12.30), '
        'the 三公 cells with the unit glued on (2.5万元, - for zero parts), staff cells with 人 '
        '(21人, 35人); narrative in the plain style (“三公”经费2.5万元). Nested money tables; cover.',
        dept=d, year=2022, entities=_single(unit, zeros),
        staff_authorized=D(21), staff_actual=D(35),
        narrative=Narrative(35, 21, 14, '18.60', fmt='plain'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='nested', narrative='table', label_breaks='break', list_breaks='paragraph'),
        cover=_cover(d, 2022),
        number_format='mixed', table_formats={'three_public': 'glued'}, count_style='ren',
    )


def canlian_2023_word_numbering() -> ReportSpec:
    d = VD['canlian']
    unit = raw_unit('区残联机关', '198.36', '42.15', '380.00', tp=('0.45', 0, 0, 0), fa=('58.60', 0, 0))
    return ReportSpec(
        name='canlian-2023-variant-word-numbering', description='Narrative in the body with Heading '
        '1/2 styles whose numbers are NOT typed: Word automatic numbering from a multilevel list '
        '(一、 linked to the Heading 1 style; （一） and 1、 by w:numPr on the paragraphs; Chinese '
        'counting, no tab). Money tables as rows of the form; cover.',
        dept=d, year=2023, entities=_single(unit),
        staff_authorized=D(15), staff_actual=D(22),
        narrative=Narrative(22, 15, 7, '11.28'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='rows', narrative='headings', label_breaks='paragraph', list_breaks='break',
                      auto_numbering=True),
        cover=_cover(d, 2023, report_date='2024年4月18日'),
    )


def yuhua_2022_targets() -> ReportSpec:
    d = VD['yuhua_fagai']
    unit = raw_unit('局机关', '562.38', '118.64', '860.00', carryover='45.20',
                    tp=('1.60', '4.20', 0, 0), fa=('186.40', 0, '9.80'))
    dims = {'社会效益': '社会效益指标', '经济效益': '经济效益指标', '生态效益': '生态效益指标',
            '社会公众或服务对象满意度': '服务对象满意度指标'}
    return ReportSpec(
        name='yuhua-2022-variant-targets', description='长沙市雨花区: one-line cover title '
        '长沙市雨花区2022年度部门(单位)整体支出绩效评价自评报告 and half-width brackets and colons on '
        'the cover (部门(单位)名称:, 预算编码:, …财政局(制)); 定量目标 with 指标1: (half-width colon) '
        'and the national dimension names 经济效益指标, 社会效益指标, 生态效益指标, 服务对象满意度指标. '
        'Nested money tables.',
        dept=d, year=2022, entities=_single(unit),
        staff_authorized=D(46), staff_actual=D(63),
        narrative=Narrative(63, 46, 17, '38.26'),
        scores=ScoreSheet(GOOD, stated='pct'),
        layout=Layout(money='nested', narrative='table', label_breaks='break', list_breaks='paragraph'),
        cover=Cover(department=d.name, budget_code=d.code, report_date='2023年5月10日',
                    attachment='附件3', region='长沙市雨花区',
                    title=['长沙市雨花区2022年度部门(单位)整体支出绩效评价自评报告'],
                    dept_label='部门(单位)名称:', code_label='预算编码:', date_label='报告日期:',
                    method_line='评价方式:部门(单位)绩效自评', org_line='评价机构:部门(单位)评价组',
                    maker='长沙市雨花区财政局(制)'),
        dimension_labels=dims, target_colon=':',
    )


def minzheng_2023_template_residue() -> ReportSpec:
    d = DEPTS['minzheng']
    unit = raw_unit('1、局机关', '586.24', '96.38', '1820.00', carryover='42.60',
                    tp=('2.10', '2.80', 0, 0), fa=('158.70', 0, 0))
    empty = {t: {f: None for f in fs} for t, fs in TABLE_FIELDS.items()}
    residue = [Entity('2、二级机构1', empty), Entity('3、二级机构2', empty)]
    return ReportSpec(
        name='minzheng-2023-variant-template-residue', description='Template residue left in: the '
        'money tables keep the template\'s rows 2、二级机构1 and 3、二级机构2, empty, under 1、局机关 '
        '(no 合计 row); the 定量目标 keeps unused slots 指标4： (质量指标, a row of its own with an empty '
        '完成情况) and 指标3： (社会效益), which are not indicators. Money tables as rows of the form; '
        'cover.',
        dept=d, year=2023, entities=printed_entities([unit] + residue, ZEROS_00),
        staff_authorized=D(36), staff_actual=D(55),
        narrative=Narrative(55, 36, 19, '33.48'),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='rows', narrative='table', label_breaks='break', list_breaks='paragraph'),
        cover=_cover(d, 2023, report_date='2024年5月15日'),
        target_residue=True,
    )


def wenlv_2020_no_entity_column() -> ReportSpec:
    d = DEPTS['wenlv']
    unit = raw_unit('', '472.18', '103.46', '318.00', other='8.60', tp=('1.35', '2.20', 0, 0),
                    fa=('176.40', 0, '5.20'))
    return ReportSpec(
        name='wenlv-2020-variant-no-entity-column', description='Money tables without a 机构名称 '
        'column (header rows, then one row of figures: entity empty in the facts); 评价等次 written as '
        '优秀 (a 96.8 total, so no contradiction); the cover\'s label/value lines as a two-column '
        'table (部门（单位）名称 | 区文旅广体局, labels without colons). Nested money tables.',
        dept=d, year=2020, entities=_single(unit),
        staff_authorized=D(30), staff_actual=D(43),
        narrative=Narrative(43, 30, 13, '24.10'),
        scores=ScoreSheet(GOOD, grade='优秀'),
        layout=Layout(money='nested', narrative='table', label_breaks='break', list_breaks='paragraph',
                      entity_column=False),
        cover=_cover(d, 2020, as_table=True, report_date='2021年5月18日'),
    )


def sifa_2022_score_levels() -> ReportSpec:
    d = DEPTS['sifa']
    unit = raw_unit('局机关', '426.80', '81.25', '296.00', tp=('1.30', '1.60', 0, 0), fa=('104.50', 0, 0))
    return ReportSpec(
        name='sifa-2022-variant-score-levels', description='Score sheet pasted from Excel: 一级 and '
        '二级 labels NOT merged, written on the first row of their group with blank cells below (the '
        'seed\'s two tables, so 过程/预算管理 start again at the top of the second table); the 总 分 '
        'label merged across the four columns before 分值. Money tables as rows of the form; cover '
        'with 预 算 编 码： left blank (budget_code empty).',
        dept=d, year=2022, entities=_single(unit),
        staff_authorized=D(38), staff_actual=D(49),
        narrative=Narrative(49, 38, 11, '19.85'),
        scores=ScoreSheet(FAIR, stated='fen', merge_levels=False, merged_total=True),
        layout=Layout(money='rows', narrative='table', label_breaks='break', list_breaks='paragraph'),
        cover=Cover(department=d.name, budget_code='', report_date='2023年5月12日'),
    )


def weijian_2021_report_first() -> ReportSpec:
    d = DEPTS['weijian']
    unit = raw_unit('局机关', '1168.20', '198.36', '586.00', carryover='62.40', gov_fund='100.00',
                    tp=('2.40', '3.10', 0, 0), fa=('786.50', 0, 0))
    return ReportSpec(
        name='weijian-2021-variant-report-first', description='The report text comes FIRST, under '
        'the title 岳阳楼区卫生健康局2021年度部门整体支出绩效自评报告 (department and year only there; '
        'no cover, no 五、评价报告综述 heading), with (一) in half-width brackets, signed 岳阳楼区卫生'
        '健康局（盖章）; the form follows as 附件1 部门（单位）整体支出绩效自评表, then the score sheet. '
        'Money tables as rows of the form.',
        dept=d, year=2021, entities=_single(unit),
        staff_authorized=D(46), staff_actual=D(64),
        narrative=Narrative(64, 46, 18, '70.15', half_width_parens=True),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='rows', narrative='first', label_breaks='break', list_breaks='paragraph'),
    )


def renshe_2020_flat_headers() -> ReportSpec:
    d = DEPTS['renshe']
    units = [
        raw_unit('局机关', '598.36', '112.40', '386.00', bal_cur='10.20', bal_acc='41.30',
                 tp=('1.40', '2.10', 0, 0), fa=('198.60', 0, '6.40')),
        raw_unit('区就业服务中心', '286.75', '58.32', '760.00', carryover='35.00',
                 tp=('0.50', 0, 0, 0), fa=('76.20', 0, 0)),
    ]
    return ReportSpec(
        name='renshe-2020-variant-flat-headers', description='Money table headers without group '
        'cells: 其中： glued to the first part (机构名称 | 收入合计 | 其中：上年结转 | 公共财政拨款 | …, '
        '其中：公务接待费, 其中：在用固定资产), one header row except the expenditure table (其中：基本支出 '
        '| 其中： [人员支出 | 公用支出] | 项目支出 | 结余：当年结余 | 累计结余); two units plus 合计. The '
        '综述 pasted into its cell as ONE paragraph with line breaks. Separate money tables; cover.',
        dept=d, year=2020, entities=_multi(units),
        staff_authorized=D(72), staff_actual=D(109),
        narrative=Narrative(109, 74, 35, '49.80', with_project=True),
        scores=ScoreSheet(GOOD),
        layout=Layout(money='separate', narrative='table', label_breaks='break', list_breaks='paragraph',
                      flat_headers=True, narrative_breaks=True),
        cover=_cover(d, 2020, report_date='2021年5月26日'),
    )


def caizheng_2022_toc() -> ReportSpec:
    d = DEPTS['caizheng']
    units = [
        raw_unit('局机关', '868.42', '205.16', '1236.00', carryover='48.30', bal_cur='22.50',
                 bal_acc='96.40', tp=('3.80', '5.60', 0, 0), fa=('1302.45', 0, '28.60')),
        raw_unit('区财政事务中心', '245.30', '46.85', '180.00', tp=('0.60', 0, 0, 0), fa=('86.30', 0, 0)),
    ]
    return ReportSpec(
        name='caizheng-2022-variant-toc', description='The report text first (title naming the '
        'department and year, no cover) with a Word 目录: a TOC field whose entries (一、部门（单位）'
        '概况 …… 1, with hyperlinks and PAGEREF fields) repeat every heading before the text; the '
        'headings themselves in Heading 1/2 styles with bookmarks. Then the form as 附件1 (separate '
        'money tables, two units plus 合计) and the score sheet. The 目录 lines are not sections.',
        dept=d, year=2022, entities=_multi(units),
        staff_authorized=D(104), staff_actual=D(151),
        narrative=Narrative(151, 106, 45, '66.20', with_project=True),
        scores=ScoreSheet(GOOD, stated='pct'),
        layout=Layout(money='separate', narrative='first', label_breaks='break', list_breaks='paragraph',
                      toc=True),
    )


VARIANTS = [
    zhihui_2018_cover, tongji_2019_unit_lines, jiaotong_2020_huizong_first, shenji_2021_header_labels,
    dangan_2022_no_fixed_assets, zhengfuban_2021_score_sheet, ziran_2020_county_narrative,
    tuijun_2022_values, canlian_2023_word_numbering, yuhua_2022_targets,
    minzheng_2023_template_residue, wenlv_2020_no_entity_column, sifa_2022_score_levels,
    weijian_2021_report_first, renshe_2020_flat_headers, caizheng_2022_toc,
]

SAMPLES = [
    keji_2021, jiaoyu_2022, caizheng_2020, weijian_2023, chengguan_2019, wenlv_2018,
    minzheng_2021_three_public, renshe_2022_entity_total, sifa_2020_score_max,
    nongye_2019_score_total, shuili_2021_grade, shangwu_2022_narrative, shijian_2023_staff,
    yingji_2020_fixed_assets, zhujian_2021_income, jiaoyu_2023_long,
] + VARIANTS

# The sample drawn directly with reportlab (samples/draw_pdf.py).
DRAWN = 'caizheng-2020'


def all_specs() -> list:
    return [make() for make in SAMPLES]


def spec_by_name(name: str) -> ReportSpec:
    for s in all_specs():
        if s.name == name:
            return s
    raise KeyError(name)
