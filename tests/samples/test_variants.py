"""The `*-variant-*` samples print what their descriptions say (a check of the generator,
read back with python-docx; the expected values themselves come from the specs)."""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.table import _Cell  # noqa: E402

from samples import catalog  # noqa: E402
from tests.samples.test_generator import body_texts  # noqa: E402

SAMPLES_DIR = ROOT / 'samples'
VARIANTS = sorted(s.name for s in catalog.all_specs() if '-variant-' in s.name)


def texts(name: str) -> list:
    return [t for _, _, t in body_texts(SAMPLES_DIR / f'{name}.docx')]


def expected(name: str) -> dict:
    return json.loads((SAMPLES_DIR / f'{name}.expected.json').read_text(encoding='utf-8'))


def facts(name: str, table: str) -> dict:
    return {(f['entity'], f['field']): f['value'] for f in expected(name)['facts'] if f['table'] == table}


def test_at_least_eight_variants_all_clean():
    assert len(VARIANTS) >= 8
    for name in VARIANTS:
        assert expected(name)['errors'] == [], name
    descriptions = [s.description for s in catalog.all_specs() if s.name in VARIANTS]
    assert len(set(descriptions)) == len(descriptions)


def test_cover_variant():
    t = texts('zhihui-2018-variant-cover')
    assert t[4:6] == ['岳阳市2018年度部门整体支出', '绩效评价自评报告']
    assert '预算单位名称：岳阳市城市管理监督指挥中心' in t and '报告期：2019 -6 - 18' in t
    assert expected('zhihui-2018-variant-cover')['report']['year'] == 2018


def test_unit_lines_variant():
    t = texts('tongji-2019-variant-unit-lines')
    assert t.count('金额单位：元') == 2 and '单位：元' in t and '单位：万元' in t
    assert '年度收入情况' in t and not any('（元）' in x or '（万元）' in x for x in t)
    assert '2,684,300.00' in t and '6200' in t
    assert facts('tongji-2019-variant-unit-lines', 'expenditure')[('局机关', 'expenditure_personnel')] == 268.43


def test_huizong_first_variant():
    name = 'jiaotong-2020-variant-huizong-first'
    doc = Document(str(SAMPLES_DIR / f'{name}.docx'))
    nested = [tbl for tc in doc.element.body.iter(qn('w:tc')) for tbl in tc.iterchildren(qn('w:tbl'))]
    assert len(nested) == 4
    for tbl in nested:
        names = [_Cell(tr.tc_lst[0], doc).text for tr in tbl.tr_lst]
        entities = names[names.index('局机关及二级机构汇总'):]
        assert entities == ['局机关及二级机构汇总', '局机关', '区公路建设养护中心', '区交通运输综合行政执法大队']
    assert '合计' not in texts(name)
    income = facts(name, 'income')
    units = ['局机关', '区公路建设养护中心', '区交通运输综合行政执法大队']
    assert income[('局机关及二级机构汇总', 'income_total')] == pytest.approx(
        sum(income[(u, 'income_total')] for u in units))


def test_header_labels_variant():
    name = 'shenji-2021-variant-header-labels'
    t = set(texts(name))
    assert {'收 入 合 计', '支 出 合 计', '结 余', '其中:', '单位名称', '纳入专户管理的\n非税收入拨款',
            '“三公”经费合计', '因公出国（境）费', '公务用车购置及运行维护费', '小计', '21.90'} <= t
    tp = facts(name, 'three_public')
    assert tp[('局机关', 'three_public_vehicle_operation')] == 3.4
    assert 21.9 not in tp.values()  # the 小计 is not a contract field


def test_no_fixed_assets_variant():
    name = 'dangan-2022-variant-no-fixed-assets'
    assert not any('固定资产' in x for x in texts(name) if len(x) < 20 and '利用率' not in x)
    assert not facts(name, 'fixed_assets')
    assert '填报单位：区档案馆' in texts(name)


def test_score_sheet_variant():
    name = 'zhengfuban-2021-variant-score-sheet'
    doc = Document(str(SAMPLES_DIR / f'{name}.docx'))
    sheets = [t for t in doc.tables if _Cell(t._tbl.tr_lst[0].tc_lst[0], doc).text == '一级指标']
    assert len(sheets) == 1
    tbl = sheets[0]._tbl
    assert [_Cell(tc, doc).text for tc in tbl.tr_lst[0].tc_lst] == \
        ['一级指标', '二级指标', '三级指标', '分值', '评分标准', '得分', '扣分原因']
    assert _Cell(tbl.tr_lst[1].tc_lst[0], doc).text == '投入(15分)'
    rows = {_Cell(tr.tc_lst[2], doc).text: tr for tr in tbl.tr_lst if len(tr.tc_lst) == 7}
    assert _Cell(rows['经济效益'].tc_lst[3], doc).text == '15'
    for ind in ('社会效益', '生态效益'):
        tc = rows[ind].tc_lst[3]
        assert _Cell(tc, doc).text == '' and tc.vMerge is None  # blank, not merged
    assert _Cell(tbl.tr_lst[-1].tc_lst[0], doc).text == '合计'
    assert [s['max_score'] for s in expected(name)['scores']][-4:] == [None, None, None, 5]


def test_score_levels_variant():
    name = 'sifa-2022-variant-score-levels'
    doc = Document(str(SAMPLES_DIR / f'{name}.docx'))
    xml = '\n'.join(t._tbl.xml for t in doc.tables
                    if _Cell(t._tbl.tr_lst[0].tc_lst[0], doc).text == '一级指标')
    first_col = [_Cell(t._tbl.tr_lst[i].tc_lst[0], doc).text for t in doc.tables
                 if _Cell(t._tbl.tr_lst[0].tc_lst[0], doc).text == '一级指标'
                 for i in range(1, 4)]
    assert first_col[:3] == ['投  入\n（15分）', '', '']
    assert 'w:vMerge' in xml  # only the shared 评分标准/分值 cells stay merged
    assert expected(name)['report']['budget_code'] is None


def test_county_narrative_variant():
    name = 'ziran-2020-variant-county-narrative'
    t = '\n'.join(texts(name))
    for s in ('在职人员92人，退休人员56人', '收入合计3,651.78万元', '比上年增加126.40万元',
              '1.基本支出1,301.78万元', '（1）抓国土空间规划', '3.“三公”经费支出13.20万元'):
        assert s in t, s
    assert '二/（二）/1' in expected(name)['sections']


def test_values_variant():
    name = 'tuijun-2022-variant-values'
    t = set(texts(name))
    assert {'210', '48.90', '60', '-12.30', '28.90', '306.60', '2.5万元', '-', '21人', '35人'} <= t
    assert facts(name, 'expenditure')[('局机关', 'balance_current')] == -12.3


def test_word_numbering_variant():
    name = 'canlian-2023-variant-word-numbering'
    with zipfile.ZipFile(SAMPLES_DIR / f'{name}.docx') as z:
        numbering = z.read('word/numbering.xml').decode('utf-8')
        styles = z.read('word/styles.xml').decode('utf-8')
    assert 'w:abstractNumId="10"' in numbering and 'chineseCounting' in numbering
    assert '（%2）' in numbering
    assert '<w:numId w:val="10"/>' in styles  # Heading 1 numbered through its style
    doc = Document(str(SAMPLES_DIR / f'{name}.docx'))
    heads = [p for p in doc.paragraphs if p.style.name.startswith('Heading')]
    assert heads and all(not p.text[:1] in '一二三四五六（1234567' for p in heads)
    assert heads[0].text == '部门（单位）概况'


def test_targets_variant():
    name = 'yuhua-2022-variant-targets'
    t = texts(name)
    assert '长沙市雨花区2022年度部门(单位)整体支出绩效评价自评报告' in t
    assert any(x.startswith('指标1:') for x in t) and not any(x.startswith('指标1：') for x in t)
    dims = {i['dimension'] for i in expected(name)['indicators']}
    assert {'经济效益指标', '社会效益指标', '生态效益指标', '服务对象满意度指标'} <= dims


def test_template_residue_variant():
    name = 'minzheng-2023-variant-template-residue'
    t = texts(name)
    assert '2、二级机构1' in t and '3、二级机构2' in t and '指标4：' in t
    assert not any(f['entity'].endswith(('二级机构1', '二级机构2')) for f in expected(name)['facts'])
    quality = [i for i in expected(name)['indicators'] if i['dimension'] == '质量指标']
    assert [i['seq'] for i in quality] == [1, 2, 3]


def test_no_entity_column_variant():
    name = 'wenlv-2020-variant-no-entity-column'
    t = texts(name)
    assert '机构名称' not in t
    assert t.count('部门（单位）名称') == 1  # the cover as a label | value table
    e = expected(name)
    assert {f['entity'] for f in e['facts']} == {''}
    assert e['report']['grade'] == '优秀'


def test_report_first_variant():
    name = 'weijian-2021-variant-report-first'
    t = texts(name)
    assert t[0] == '岳阳楼区卫生健康局2021年度部门整体支出绩效自评报告'
    assert not any('评价报告综述' in x for x in t)
    assert '(一)机构人员情况' in t and t.index('附件1') < t.index('一、部门（单位）基本概况')
    assert expected(name)['report']['department'] == '岳阳楼区卫生健康局'


def test_flat_headers_variant():
    name = 'renshe-2020-variant-flat-headers'
    t = texts(name)
    for label in ('其中：上年结转', '其中：基本支出', '结余：当年结余', '其中：公务接待费', '其中：在用固定资产'):
        assert label in t, label
    narrative = next(x for x in t if x.startswith('五、评价报告综述'))
    assert '\n一、部门（单位）概况\n' in narrative and '\n六、改进措施和有关建议\n' in narrative
    assert {f['entity'] for f in expected(name)['facts'] if f['table'] == 'income'} == \
        {'局机关', '区就业服务中心', '合计'}


def test_toc_variant():
    name = 'caizheng-2022-variant-toc'
    with zipfile.ZipFile(SAMPLES_DIR / f'{name}.docx') as z:
        xml = z.read('word/document.xml').decode('utf-8')
    assert 'TOC \\o "1-2"' in xml and 'PAGEREF _Toc' in xml and 'w:bookmarkStart' in xml
    t = texts(name)
    assert t[2] == '目  录' and t[3] == '一、部门（单位）概况1'  # text, tab (not read here), page
    assert t.count('一、部门（单位）概况') == 1
    assert expected(name)['sections'].count('一') == 1
