"""The sample generator: determinism, real Word structure, and the committed files.

Regenerates every sample into a temporary folder and compares it with what is committed in
samples/: the DOCX cell texts (read with python-docx) and the expected JSON must be equal.
"""
from __future__ import annotations

import json
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.table import _Cell  # noqa: E402

from samples import catalog, seed_data  # noqa: E402
from samples.generate import generate_all  # noqa: E402
from samples.spec_model import fmt_count, fmt_number  # noqa: E402

SAMPLES_DIR = ROOT / 'samples'
PDF_DIR = SAMPLES_DIR / 'pdf'
SPECS = {s.name: s for s in catalog.all_specs()}
NAMES = sorted(SPECS)


@pytest.fixture(scope='module')
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp('samples')
    generate_all(out)
    return out


def body_texts(path: Path) -> list:
    """Body paragraphs and every table cell (nested ones included), in document order, as
    python-docx reads them; a cell is given once per w:tc."""
    doc = Document(str(path))
    out = []

    def walk_tbl(tbl, depth):
        for tr in tbl.iterchildren(qn('w:tr')):
            for tc in tr.iterchildren(qn('w:tc')):
                out.append(('cell', depth, _Cell(tc, doc).text))
                for inner in tc.iterchildren(qn('w:tbl')):
                    walk_tbl(inner, depth + 1)

    for child in doc.element.body.iterchildren():
        if child.tag == qn('w:p'):
            out.append(('par', 0, ''.join(t.text or '' for t in child.iter(qn('w:t')))))
        elif child.tag == qn('w:tbl'):
            walk_tbl(child, 0)
    return out


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read('word/document.xml').decode('utf-8')


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding='utf-8'))


# --- determinism ------------------------------------------------------------------------


def test_every_sample_is_committed():
    committed = {p.name[:-len('.docx')] for p in SAMPLES_DIR.glob('*.docx')}
    assert committed == set(NAMES)
    assert len(NAMES) >= 12
    for name in NAMES:
        assert (SAMPLES_DIR / f'{name}.expected.json').exists()


@pytest.mark.parametrize('name', NAMES)
def test_regenerated_docx_has_same_texts(name, regenerated):
    assert body_texts(regenerated / f'{name}.docx') == body_texts(SAMPLES_DIR / f'{name}.docx')


@pytest.mark.parametrize('name', NAMES)
def test_regenerated_expected_json_is_equal(name, regenerated):
    assert load(regenerated / f'{name}.expected.json') == load(SAMPLES_DIR / f'{name}.expected.json')


def test_generation_is_byte_stable(tmp_path):
    """Two runs in one environment give identical bytes (fixed dates, no randomness)."""
    a, b = tmp_path / 'a', tmp_path / 'b'
    generate_all(a, only=['keji-2021', 'jiaoyu-2023-long'])
    generate_all(b, only=['keji-2021', 'jiaoyu-2023-long'])
    for f in a.iterdir():
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


# --- Word structure ----------------------------------------------------------------------


@pytest.mark.parametrize('name', NAMES)
def test_real_merged_cells(name):
    xml = document_xml(SAMPLES_DIR / f'{name}.docx')
    assert '<w:gridSpan w:val=' in xml
    assert '<w:vMerge w:val="restart"/>' in xml
    assert '<w:vMerge/>' in xml


def _nested_tables(path: Path) -> int:
    doc = Document(str(path))
    return sum(1 for tc in doc.element.body.iter(qn('w:tc')) for _ in tc.iterchildren(qn('w:tbl')))


@pytest.mark.parametrize('name', NAMES)
def test_nested_tables_follow_the_layout(name):
    n = _nested_tables(SAMPLES_DIR / f'{name}.docx')
    if SPECS[name].has_nested_tables():
        # income, expenditure, 三公, 固定资产 (a variant may leave one out)
        assert n == len(SPECS[name].layout.money_tables)
    else:
        assert n == 0


def test_layouts_are_varied():
    layouts = {s.layout.money for s in SPECS.values()}
    assert layouts == {'rows', 'nested', 'nested_one', 'separate'}
    assert {s.layout.narrative for s in SPECS.values()} == {'table', 'row', 'headings', 'body', 'first'}


@pytest.mark.parametrize('name', [n for n in NAMES if SPECS[n].layout.score_split == 'seed'])
def test_score_sheet_split_like_the_seed(name):
    doc = Document(str(SAMPLES_DIR / f'{name}.docx'))
    headed = [t for t in doc.tables if _Cell(t._tbl.tr_lst[0].tc_lst[0], doc).text == '一级指标']
    assert len(headed) == 2
    second = headed[1]._tbl.tr_lst[1].tc_lst
    assert _Cell(second[0], doc).text.replace('\n', '') == '过  程（40分）'
    assert _Cell(second[2], doc).text.replace('\n', '') == '资产管理安全性'
    assert _Cell(headed[1]._tbl.tr_lst[-1].tc_lst[0], doc).text == '总 分'


def test_headings_variant_uses_word_heading_styles():
    name = next(n for n in NAMES if SPECS[n].layout.narrative == 'headings')
    doc = Document(str(SAMPLES_DIR / f'{name}.docx'))
    styles = {p.style.name for p in doc.paragraphs}
    assert {'Heading 1', 'Heading 2'} <= styles


def test_seed_rebuild_keeps_seed_texts():
    texts = [t for _, _, t in body_texts(SAMPLES_DIR / 'keji-2021.docx')]
    assert '公共财\n政拨款' in texts and '   局机关' in texts and '795.52' in texts
    assert '\u3000' in texts  # the seed's blank 二级 cell
    narrative = next(t for t in texts if t.startswith('五、评价报告综述'))
    assert '\n4、 部门（单位）整体支出绩效情况\n' in narrative
    assert '2021年基本支出792.52万元，其中人员经费支出618.79万元' in narrative


# --- expected values ---------------------------------------------------------------------

REPORT_KEYS = ['year', 'department', 'budget_code', 'staff_authorized', 'staff_actual',
               'score_total', 'score_stated', 'grade', 'year_source']


@pytest.mark.parametrize('name', NAMES)
def test_expected_shape(name):
    e = load(SAMPLES_DIR / f'{name}.expected.json')
    assert list(e) == ['file', 'report', 'facts', 'scores', 'indicators', 'sections', 'errors']
    assert e['file'] == f'{name}.docx'
    assert list(e['report']) == REPORT_KEYS
    assert all(list(f) == ['table', 'entity', 'field', 'value'] for f in e['facts'])
    assert len(e['scores']) == 25
    assert [s['max_score'] for s in e['scores']].count(None) == 3
    assert all(list(i) == ['category', 'dimension', 'seq'] for i in e['indicators'])
    assert all(list(x) == ['rule', 'fields'] for x in e['errors'])
    assert e['sections'][0] == '一' and '六' in e['sections']


@pytest.mark.parametrize('name', NAMES)
def test_slip_samples_have_errors_and_clean_ones_none(name):
    e = load(SAMPLES_DIR / f'{name}.expected.json')
    if 'slip' in name or name == 'keji-2021':
        assert e['errors']
    else:
        assert e['errors'] == []


def test_seed_expected_values():
    e = load(SAMPLES_DIR / 'keji-2021.expected.json')
    assert e['report'] == {'year': 2021, 'department': None, 'budget_code': None,
                           'staff_authorized': 36, 'staff_actual': 108, 'score_total': 95.9,
                           'score_stated': 96, 'grade': '优', 'year_source': 'narrative'}
    narr = {f['field']: f['value'] for f in e['facts'] if f['table'] == 'narrative'}
    assert narr == {'staff_total': 108, 'staff_in_service': 36, 'staff_retired': 72,
                    'expenditure_basic': 792.52, 'expenditure_personnel': 618.79,
                    'wages_welfare': 577.54, 'household_subsidies': 41.25,
                    'expenditure_public': 173.73, 'three_public_total': 2.5}
    exp = {f['field']: f['value'] for f in e['facts'] if f['table'] == 'expenditure'}
    assert exp == {'expenditure_total': 792.52, 'expenditure_basic': 795.52,
                   'expenditure_personnel': 618.79, 'expenditure_public': 173.73}
    assert sorted(x['rule'] for x in e['errors']) == ['expenditure_basic_sum',
                                                      'expenditure_total_sum', 'narrative_vs_table']
    assert len(e['indicators']) == 18
    assert round(sum(s['self_score'] for s in e['scores']), 2) == 95.9
    assert e['sections'] == ['一', '一/（一）', '一/（二）', '二', '三', '四'] + \
        [f'四/{i}' for i in range(1, 9)] + ['五', '六'] + [f'六/{i}' for i in range(1, 6)]


@pytest.mark.parametrize('name', NAMES)
def test_expected_facts_are_printed(name):
    """Each expected fact's figure is printed in the DOCX where it belongs (a check of the
    generator; the expected values themselves come from the spec)."""
    spec = SPECS[name]
    e = load(SAMPLES_DIR / f'{name}.expected.json')
    texts = [t for kind, _, t in body_texts(SAMPLES_DIR / f'{name}.docx')]
    cells = {t.strip() for t in texts}
    if spec.layout.narrative == 'first':  # the report text, before the form (附件1)
        narrative = '\n'.join(texts[:texts.index('附件1')])
    else:
        narrative = '\n'.join(texts[texts.index(next(t for t in texts if '五、评价报告综述' in t)):])
    for f in e['facts']:
        value = Decimal(str(f['value']))
        if f['table'] == 'basic_info':
            assert fmt_count(value, spec.count_format()) in cells, f
        elif f['table'] == 'narrative':
            shown = str(int(value)) if f['field'].startswith('staff') else \
                fmt_number(value, spec.narrative.fmt)
            assert shown in narrative, f
        else:
            assert fmt_number(value, spec.table_format(f['table'])) in cells, f


# --- PDF twins ---------------------------------------------------------------------------

PDFS = sorted(PDF_DIR.glob('*.pdf')) if PDF_DIR.exists() else []


@pytest.mark.skipif(not PDFS, reason='no PDFs committed')
def test_pdf_twins_have_expected_json():
    for pdf in PDFS:
        exp = load(pdf.with_suffix('.expected.json'))
        assert exp['file'] == pdf.name
        twin = pdf.stem[:-len('-drawn')] if pdf.stem.endswith('-drawn') else pdf.stem
        docx_exp = load(SAMPLES_DIR / f'{twin}.expected.json')
        assert dict(exp, file=None) == dict(docx_exp, file=None)
    # the *-variant-* samples are DOCX only until someone runs `generate --pdf` (slow)
    assert {p.stem for p in PDFS} >= {n for n in NAMES if '-variant-' not in n}


@pytest.mark.skipif(not (PDF_DIR / 'jiaoyu-2023-long.pdf').exists(), reason='no long PDF')
def test_long_pdf_continues_tables_onto_next_pages():
    pdfplumber = pytest.importorskip('pdfplumber')
    money_pages, score_pages = [], []
    with pdfplumber.open(str(PDF_DIR / 'jiaoyu-2023-long.pdf')) as pdf:
        for i, page in enumerate(pdf.pages):
            for t in page.find_tables():
                first = [c or '' for c in t.extract()[0]]
                if first[0] == '机构名称':
                    money_pages.append(i)
                if first[0].replace('\n', '') == '一级指标':
                    score_pages.append(i)
            page.close()
    assert len(score_pages) >= 2 and score_pages == list(range(score_pages[0], score_pages[-1] + 1))
    # some money table has its header repeated on a following page
    assert any(b == a + 1 for a, b in zip(money_pages, money_pages[1:]))


@pytest.mark.skipif(not (PDF_DIR / f'{catalog.DRAWN}-drawn.pdf').exists(), reason='no drawn PDF')
def test_drawn_pdf_has_rect_borders_and_cid_font():
    pdfplumber = pytest.importorskip('pdfplumber')
    with pdfplumber.open(str(PDF_DIR / f'{catalog.DRAWN}-drawn.pdf')) as pdf:
        page = pdf.pages[0]
        assert page.rects and not page.lines
        # reportlab names the CID font 'STSongStd-Light' in the file
        assert all('STSong' in c['fontname'] for c in page.chars)
        assert '一、部门（单位）基本概况' in page.extract_text()


def test_score_template_is_the_seeds():
    assert len(seed_data.SCORE_TEMPLATE) == 25
    assert sum(m for *_, m in seed_data.SCORE_TEMPLATE if m) == 100
