"""Family D samples (Sichuan 自评表 as native .xlsx and HTML): what the files hold.

Their records and findings are checked value by value with the other format-2 samples in
`tests/normalizers/forms/test_form_samples.py`; here: the files are native workbooks and
pages in Sichuan's layout, regenerating gives the same bytes, and the document model has
the merged cells and displayed numbers a person sees.
"""
import os

import pytest

import parsers
from parsers.model import Paragraph, Table
from samples import sichuan_forms
from tests.conftest import SAMPLES

FOLDER = os.path.join(SAMPLES, sichuan_forms.SUBDIR)
SAMPLES_D = sichuan_forms.all_samples()


def path_of(sample):
    return os.path.join(FOLDER, sample.file_name)


def test_every_sample_is_written_with_its_expected_json():
    for s in SAMPLES_D:
        assert os.path.exists(path_of(s)), s.file_name
        assert os.path.exists(os.path.join(FOLDER, f"{s.name}.expected.json"))
    assert {s.fmt for s in SAMPLES_D} == {"xlsx", "html", "htm"}
    assert sum(len(s.forms) for s in SAMPLES_D) >= 10


@pytest.mark.parametrize("sample", SAMPLES_D, ids=[s.name for s in SAMPLES_D])
def test_regenerating_gives_the_same_bytes(sample, tmp_path):
    with open(path_of(sample), "rb") as fh:
        assert sichuan_forms.file_bytes(sample) == fh.read()


@pytest.mark.parametrize("sample", SAMPLES_D, ids=[s.name for s in SAMPLES_D])
def test_one_grid_per_project_in_sichuan_layout(sample):
    doc = parsers.parse(path_of(sample))
    assert doc.format == {"htm": "html"}.get(sample.fmt, sample.fmt)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == len(sample.forms)  # the hidden draft sheet is not read
    titles = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert titles.count(sichuan_forms.TITLE) == len(sample.forms)
    for table, (form, _) in zip(tables, sample.forms):
        grid = [[c.text if c else None for c in row] for row in table.filled()]
        assert grid[0][:2] == ["项目名称", form.project_name]
        assert table.n_cols == sichuan_forms.N_COLS
        block = next(c for c in table.cells if c.text == "绩效指标（90分）")
        assert (block.row_span, block.col_span) == (1 + len(form.indicators), 1)
        head = grid[block.row][1:]
        assert head == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                        "完成值", "权重", "得分", "未完成原因分析"]
        first_level = grid[block.row + 1][1]
        level_cell = table.filled()[block.row + 1][1]
        assert first_level == form.indicators[0].level1
        assert level_cell.row_span == sum(1 for i in form.indicators if i.level1 == first_level)


def test_money_and_rates_display_as_printed():
    stacked = next(s for s in SAMPLES_D if s.layout == "stacked" and s.fmt == "xlsx")
    table = next(b for b in parsers.parse(path_of(stacked)).blocks if isinstance(b, Table))
    rows = {r[1].text: [c.text for c in r] for r in table.filled() if r[1] is not None}
    assert rows["总额"][3:9] == ["1,082.00", "1,200.00", "1,176.00", "97.00%", "10", "9.70"]
    assert rows["财政专户管理资金"][3:9] == ["/", "/", "/", "/", "/", "/"]


def test_gbk_page_is_really_gbk():
    gbk = next(s for s in SAMPLES_D if s.fmt == "htm")
    data = open(path_of(gbk), "rb").read()
    assert "部门预算".encode("gb2312") in data and b'charset="gb2312"' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
