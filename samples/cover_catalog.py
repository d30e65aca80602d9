"""Seed-form reports whose department and year sit where a person, not a parser, looks.

    python -m samples.generate          (writes samples/covers/ with everything else)

Each sample is a Family A report of `samples.catalog` with one thing changed:
- `cover-2022-spaced-labels`: the cover's labels have no colon, the value follows after
  spaces or a tab (`部门（单位）名称\u3000\u3000区园林绿化中心`, `预 算 编 码   HN0307A`, a budget
  code of letters and digits); the title says `2022年` without 度.
- `区商务局2022年整体支出绩效自评报告.docx`: no cover, no title, no year anywhere in the
  text: the department and the year come from the file name.
The expected JSON is the base sample's (computed from the spec), plus `department_source`.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from samples import catalog
from samples.spec import expected
from samples.spec_model import Cover

HERE = Path(__file__).resolve().parent
SUBDIR = 'covers'


@dataclasses.dataclass
class CoverSample:
    spec: object
    file_name: str
    department: str | None
    department_source: str | None
    year_source: str
    description: str


def spaced_labels() -> CoverSample:
    base = catalog.jiaoyu_2022()
    cover = Cover(department='区园林绿化中心', budget_code='HN0307A', report_date='2023年5月12日',
                  dept_label='部门（单位）名称\u3000\u3000', code_label='预 算 编 码   ',
                  date_label='报告日期\t', title=['区园林绿化中心2022年部门整体支出', '绩效评价自评报告'],
                  method_line='评价方式  部门（单位）绩效自评', org_line='评价机构  部门（单位）评价组')
    spec = dataclasses.replace(base, name='cover-2022-spaced-labels', cover=cover)
    return CoverSample(spec, f'{spec.name}.docx', cover.department, 'cover', 'cover',
                       'Cover labels without colons (full-width spaces, spaces, a tab), a '
                       'letter-spaced 预 算 编 码 with an alphanumeric code, title with 2022年 (no 度).')


def from_filename() -> CoverSample:
    base = catalog.caizheng_2020()
    spec = dataclasses.replace(base, name='filename-2022-shangwu', year=2022, dept=catalog.DEPTS['shangwu'],
                               narrative=dataclasses.replace(base.narrative, with_year=False))
    return CoverSample(spec, '区商务局2022年整体支出绩效自评报告.docx', '区商务局', 'filename',
                       'filename', 'No cover, no title and no year in the text: department '
                       'and year only in the file name.')


SAMPLES = [spaced_labels, from_filename]


def expected_json(sample: CoverSample, file_name: str | None = None) -> str:
    data = expected(sample.spec, file_name or sample.file_name)
    data['report'].update(department=sample.department, department_source=sample.department_source,
                          year_source=sample.year_source)
    return json.dumps(data, ensure_ascii=False, indent=1) + '\n'


def write_all(outdir: Path = HERE / SUBDIR) -> list:
    from samples.generate import docx_bytes

    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for make in SAMPLES:
        s = make()
        docx = outdir / s.file_name
        docx.write_bytes(docx_bytes(s.spec))
        exp = outdir / (Path(s.file_name).stem + '.expected.json')
        exp.write_text(expected_json(s), encoding='utf-8')
        written += [docx, exp]
    return written
