"""The Family B samples (基础数据表 + 指标表), written into `samples/basicdata/`.

Units, years and spellings from the forms of templates.md (岳阳楼区文旅广体局 FY2023
`附件2` titled 预算单位整体支出绩效评价基础数据表, 衡山县贯塘乡 FY2023 `附件一` with a 控制率
above 100%, an unknown unit FY2018 `附件3`), a repost that labels every weight column 得分,
a Family A report with the sheets attached, and one slip per check.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from samples import catalog
from samples.basicdata_spec import BasicDataSpec, BudgetFigures, blocks, expected

HERE = Path(__file__).resolve().parent
SUBDIR = 'basicdata'


def _money(tp, veh, purchase, operation, overseas, reception, project, public, office, procurement):
    return {'three_public_total': tp, 'three_public_vehicle': veh,
            'three_public_vehicle_purchase': purchase, 'three_public_vehicle_operation': operation,
            'three_public_overseas': overseas, 'three_public_reception': reception,
            'expenditure_project': project, 'expenditure_public': public, 'office_expenses': office,
            'government_procurement': procurement,
            '1、业务工作专项': ('120.00', '130.00', '126.40'), '2、运行维护专项': ('35.00', '40.00', '38.20'),
            '水费、电费、差旅费': ('6.10', '6.50', '6.32'), '会议费、培训费': ('2.40', '2.60', '2.15')}


def wenlv_2023() -> BasicDataSpec:
    return BasicDataSpec(
        name='wenlv-2023-basicdata', description='岳阳楼区文旅广体局 FY2023, 附件2, titled 预算单位整体'
        '支出绩效评价基础数据表; clean; 三公 parts add up in every year column.',
        unit='岳阳楼区文化旅游广电体育局', year=2023, staff_authorized=32, staff_in_service=30,
        money=_money(('10.50', '12.00', '9.80'), ('6.20', '7.00', '5.90'), ('0', '0', '0'),
                     ('6.20', '7.00', '5.90'), ('0', '0', '0'), ('4.30', '5.00', '3.90'),
                     ('155.00', '170.00', '164.60'), ('48.30', '52.00', '50.12'),
                     ('12.60', '13.00', '12.85'), ('86.40', '95.00', '91.30')),
        budget=BudgetFigures('12.00', '850.00', '60.00', '8.50'),
        self_scores={'预算完成率': '4.5', '资金使用合规性': '5'},
        title='预算单位整体支出绩效评价基础数据表', indicator_title='预算单位整体支出绩效评价指标表',
        attachment='附件2')


def guantang_2023() -> BasicDataSpec:
    return BasicDataSpec(
        name='guantang-2023-basicdata', description='衡山县贯塘乡 FY2023, 附件一; 控制率 108.70% (25 / '
        '23, above 100%, arithmetic right); the repost header that labels every weight column 得分; '
        'label spellings 三公经费：, 1、业务工作经费, 部门整体支出预算调整; blank prior-year cells.',
        unit='衡山县贯塘乡人民政府', year=2023, staff_authorized=23, staff_in_service=25,
        money=_money(('', '4.00', '3.62'), ('', '2.00', '1.82'), ('', '0', '0'), ('', '2.00', '1.82'),
                     ('', '0', '0'), ('', '2.00', '1.80'), ('', '310.00', '296.45'),
                     ('', '38.00', '36.74'), ('', '9.00', '8.66'), ('', '42.00', '40.10')),
        budget=BudgetFigures('25.60', '1200.00', '136.80', '20.45'),
        self_scores={'在职人员控制率': '0.65', '预算控制率': '0', '固定资产利用率': '4.5'},
        attachment='附件一', weight_header='得分',
        labels={'三公经费': '三公经费：', '1、业务工作专项': '1、业务工作经费',
                '2、运行维护专项': '2、运行维护经费', '部门基本支出预算调整': '部门整体支出预算调整'})


def _unknown_2018(**kw) -> BasicDataSpec:
    base = dict(
        name='', description='', unit='市城管指挥中心', year=2018, staff_authorized=30, staff_in_service=28,
        money=_money(('8.60', '9.00', '7.45'), ('5.00', '5.00', '4.20'), ('0', '0', '0'),
                     ('5.00', '5.00', '4.20'), ('0', '0', '0'), ('3.60', '4.00', '3.25'),
                     ('98.00', '105.00', '101.36'), ('32.00', '34.00', '33.46'),
                     ('8.00', '8.50', '8.12'), ('40.00', '45.00', '43.78')),
        budget=BudgetFigures('6.00', '520.00', '32.00', '4.80'), attachment='附件3')
    base.update(kw)
    return BasicDataSpec(**base)


def slip_rate() -> BasicDataSpec:
    return _unknown_2018(name='chengguan-2018-basicdata-slip-rate', description='Slip: 控制率 printed '
                         '95.00% but 28 ÷ 30 = 93.33%.', rate_printed='95.00%',
                         intended_errors=['basic_control_rate'])


def slip_computation() -> BasicDataSpec:
    return _unknown_2018(name='chengguan-2018-basicdata-slip-computation', description='Slip: the '
                         '指标说明 of 预算控制率 shows 32.00÷520.00×100% = 7.15% (it is 6.15%).',
                         computation_printed={'预算控制率': '7.15%'},
                         intended_errors=['score_explanation_computation'])


def slip_score_max() -> BasicDataSpec:
    return _unknown_2018(name='chengguan-2018-basicdata-slip-score-max', description='Slip: '
                         '“三公经费”变动率 scores 9 of its 8 points (总分 still the sum).',
                         self_scores={'“三公经费”变动率': '9', '预算完成率': '4'},
                         intended_errors=['score_above_max'])


def slip_total() -> BasicDataSpec:
    return _unknown_2018(name='chengguan-2018-basicdata-slip-total', description='Slip: 合计 得分 '
                         'printed 98.5 while the rows sum to 97.5.',
                         self_scores={'预算完成率': '4', '固定资产利用率': '4.5', '社会公众或服务对象满意度': '2'},
                         total_printed='98.5', intended_errors=['score_total_sum'])


def with_family_a() -> BasicDataSpec:
    a = dataclasses.replace(catalog.weijian_2023(), name='weijian-2023-with-basicdata')
    return BasicDataSpec(
        name='weijian-2023-with-basicdata', description='A Family A report (weijian-2023) with the '
        '基础数据表 and 指标表 attached: form lists both; the two score sheets are checked apart.',
        unit=a.cover.department, year=2023, staff_authorized=46, staff_in_service=44,
        money=_money(('6.40', '7.00', '6.10'), ('4.00', '4.50', '3.90'), ('0', '0', '0'),
                     ('4.00', '4.50', '3.90'), ('0', '0', '0'), ('2.40', '2.50', '2.20'),
                     ('220.00', '240.00', '236.50'), ('60.00', '64.00', '62.75'),
                     ('15.00', '16.00', '15.40'), ('120.00', '130.00', '126.80')),
        budget=BudgetFigures('18.00', '1500.00', '90.00', '12.30'),
        self_scores={'预算完成率': '4.5'}, family_a=a)


SAMPLES = [wenlv_2023, guantang_2023, slip_rate, slip_computation, slip_score_max, slip_total,
           with_family_a]


def docx_bytes(spec: BasicDataSpec) -> bytes:
    import datetime as dt

    from samples.docx_writer import render
    return render(blocks(spec), created=dt.datetime(spec.year + 1, 4, 20, 9, 0, 0), author='Administrator')


def write_all(outdir: Path = HERE / SUBDIR) -> list:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for make in SAMPLES:
        spec = make()
        docx, exp = outdir / f'{spec.name}.docx', outdir / f'{spec.name}.expected.json'
        docx.write_bytes(docx_bytes(spec))
        exp.write_text(json.dumps(expected(spec), ensure_ascii=False, indent=1) + '\n', encoding='utf-8')
        written += [docx, exp]
    return written
