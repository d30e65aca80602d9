"""Family F samples: reports told in text alone, in the outline styles of real reports.

Each sample is a title and a list of nodes: headings with their outline path (the marker
printed is derived from the path: `一` → `一、`, `（一）`, `1` → `1.` or `1、`, `(1)` →
`（1）`, `第一部分`, `一是`; a bold heading has no marker) and paragraphs whose figures are
written as `{field:value}` tokens. The paragraph prints the value; the expected facts,
sections and findings are computed from the same tokens, never from the document. Written
into `samples/narrative/` in the format-2 expected JSON (samples/README.md).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

from samples.layout import C, P, TableBuilder
from samples.spec_model import json_number

HERE = Path(__file__).resolve().parent
SUBDIR = 'narrative'
TOKEN_RE = re.compile(r'\{(\w+):([\d.,]+)\}')


@dataclass
class H:
    path: str
    title: str
    bold: bool = False        # printed in bold without a number (path: its place, 一, 二 …)


@dataclass
class T:
    text: str                 # a paragraph; `{field:value}` tokens are figures


@dataclass
class NarrativeSpec:
    name: str
    description: str
    title: list
    department: str
    year: int
    nodes: list
    arabic: str = '.'         # the separator after an Arabic number: '.' or '、'
    summary: Optional[list] = None   # third party: (评价内容, 分值, 评价得分) rows
    total: Optional[str] = None
    grade: Optional[str] = None
    intended_errors: list = field(default_factory=list)


def marker(spec: NarrativeSpec, h: H) -> str:
    if h.bold:
        return ''
    last = h.path.split('/')[-1]
    if last.startswith('第') or last.endswith('是'):
        return last + ('\u3000' if last.startswith('第') else '')
    if last.startswith('（') or last.startswith('('):
        return last.replace('(', '（').replace(')', '）')
    if last.isdigit():
        return last + spec.arabic
    return last + '、'


def printed(text: str) -> str:
    return TOKEN_RE.sub(lambda m: m.group(2), text)


def blocks(spec: NarrativeSpec) -> list:
    out = [P(t, 'center', True, 18) for t in spec.title] + [P('')]
    for node in spec.nodes:
        if isinstance(node, H):
            if node.path.split('/')[-1].endswith('是'):
                continue  # an item: its marker starts the paragraph that follows
            out.append(P(marker(spec, node) + node.title, bold=node.bold or '/' not in node.path))
        else:
            prefix = ''
            i = spec.nodes.index(node)
            if i and isinstance(spec.nodes[i - 1], H) and spec.nodes[i - 1].path.endswith('是'):
                prefix = marker(spec, spec.nodes[i - 1])
            out.append(P(prefix + printed(node.text)))
        if spec.summary and isinstance(node, H) and node.title == '评价结论':
            out.append(summary_table(spec))
    out += [P(''), P(spec.department, 'right'), P(f'{spec.year + 1}年4月20日', 'right')]
    return out


def summary_table(spec: NarrativeSpec):
    tb = TableBuilder('summary', [6.0, 4.0, 4.0])
    tb.row(*[C([P(t, 'center', True)]) for t in ('评价内容', '分值', '评价得分')])
    for label, cap, got in spec.summary:
        tb.row(C([P(label, 'center')]), C([P(cap, 'center')]), C([P(got, 'center')]))
    tb.row(C([P('综合得分', 'center')]), C([P('100', 'center')]), C([P(spec.total, 'center')]))
    tb.row(C([P('绩效评定级别', 'center')]), C([P('', 'center')]), C([P(spec.grade, 'center')]))
    return tb.build()


# --- expected values --------------------------------------------------------------------

def facts(spec: NarrativeSpec) -> list:
    out = []
    for node in spec.nodes:
        if isinstance(node, T):
            for m in TOKEN_RE.finditer(node.text):
                out.append({'table': 'narrative', 'entity': '', 'field': m.group(1),
                            'value': json_number(Decimal(m.group(2).replace(',', '')))})
    return out


SUMS = [  # (rule, total, parts): the narrative rules of data/rules*.csv (all parts stated)
    ('narrative_basic_sum', 'expenditure_basic', ('expenditure_personnel', 'expenditure_public')),
    ('narrative_total_sum', 'expenditure_total', ('expenditure_basic', 'expenditure_project')),
    ('staff_sum', 'staff_total', ('staff_in_service', 'staff_retired')),
]


def find_errors(spec: NarrativeSpec) -> list:
    values = {}
    for f in facts(spec):
        values.setdefault(f['field'], Decimal(str(f['value'])))
    errors = []
    for rule, total, parts in SUMS:
        if total in values and all(p in values for p in parts):
            if abs(values[total] - sum(values[p] for p in parts)) > Decimal('0.011'):
                errors.append({'rule': rule, 'fields': [total, *parts]})
    if spec.summary:
        got = sum(Decimal(g) for _, _, g in spec.summary)
        if got != Decimal(spec.total):
            errors.append({'rule': 'score_total_sum', 'fields': ['score_total']})
    return errors


def expected(spec: NarrativeSpec) -> dict:
    errors = find_errors(spec)
    if sorted(e['rule'] for e in errors) != sorted(spec.intended_errors):
        raise AssertionError(f'{spec.name}: findings {errors} differ from {spec.intended_errors}')
    report = {'form': 'narrative_only', 'year': spec.year, 'year_source': 'cover',
              'department': spec.department, 'department_source': 'title',
              'score_total': json_number(Decimal(spec.total)) if spec.total else None,
              'grade': spec.grade}
    sections = [{'path': n.path, 'heading': '' if n.path.endswith('是') else n.title}
                for n in spec.nodes if isinstance(n, H)]
    scores = [{'level1': label, 'level2': '', 'indicator': label,
               'max_score': json_number(Decimal(cap)), 'self_score': json_number(Decimal(got))}
              for label, cap, got in spec.summary or []]
    return {'format': 2, 'file': f'{spec.name}.docx', 'reports': [{
        'id_suffix': '', 'report': report, 'facts': facts(spec), 'scores': scores,
        'indicators': [], 'budget_execution': [], 'sections': sections,
        'errors': errors, 'warnings': []}]}


def write_all(outdir: Path = HERE / SUBDIR) -> list:
    from samples.docx_writer import render
    from samples.narrative_texts import SAMPLES

    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for make in SAMPLES:
        spec = make()
        docx, exp = outdir / f'{spec.name}.docx', outdir / f'{spec.name}.expected.json'
        docx.write_bytes(render(blocks(spec), created=dt.datetime(spec.year + 1, 4, 20, 9), author='Administrator'))
        exp.write_text(json.dumps(expected(spec), ensure_ascii=False, indent=1) + '\n', encoding='utf-8')
        written += [docx, exp]
    return written
