"""The Family C generator: deterministic, and the committed samples are what it writes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from samples import selfeval_catalog, selfeval_files
from samples.selfeval_spec import V, findings

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / 'samples' / 'selfeval'
SAMPLES = {s.name: s for s in selfeval_catalog.all_samples()}


@pytest.fixture(scope='module')
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp('selfeval')
    selfeval_files.write_all(out)
    return out


@pytest.mark.parametrize('name', sorted(SAMPLES))
def test_committed_files_are_current(regenerated, name):
    for suffix in ('.docx', '.expected.json'):
        assert (regenerated / f'{name}{suffix}').read_bytes() == (COMMITTED / f'{name}{suffix}').read_bytes()


def test_enough_samples_of_each_form():
    kinds = [f.kind for s in SAMPLES.values() for f in s.forms]
    assert len(SAMPLES) >= 8 and kinds.count('dept') >= 3 and kinds.count('project') >= 8
    assert any(len(s.forms) >= 3 for s in SAMPLES.values())
    assert any(s.family_a is not None for s in SAMPLES.values())


def test_every_slip_is_intended():
    seen = {r for s in SAMPLES.values() for f in s.forms for r, _ in findings(f)}
    assert {'budget_rate_mismatch', 'indicator_above_max', 'selfeval_total_sum',
            'budget_lines_sum', 'indicator_full_marks_missed'} <= seen


def test_one_long_table_holds_three_forms():
    doc = Document(str(COMMITTED / 'anhui-2022-three-projects.docx'))
    assert len(doc.tables) == 1
    titles = [c.text for row in doc.tables[0].rows for c in row.cells[:1] if c.text == '项目支出绩效自评表']
    assert len(titles) == 3


def test_expected_json_lists_each_report():
    data = json.loads((COMMITTED / 'minzheng-2023-dept-projects.expected.json').read_text('utf-8'))
    assert [r['id_suffix'] for r in data['reports']] == ['', '-1', '-2']
    assert data['reports'][0]['report']['form'] == 'dept_selfeval_table'


def test_value_shorthand():
    v = V('>=50个')
    assert (v.op, v.number, v.unit, v.printed()) == ('>=', '50', '个', '≥50个')
    assert V('text:达成预期指标').number is None
