"""Score sheets of the 指标表 family: a 分值 column after each level."""
import docx

from normalizers import normalize, reconcile
from parsers import parse

HEADER = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "得分"]
ROWS = [
    ["投入", "16", "预算配置", "16", "在职人员控制率", "8", "≤100%得满分", "8"],
    ["", "", "", "", "三公经费变动率", "8", "≤0得满分", "7.5"],
    ["过程", "58", "预算执行", "16", "预算完成率", "8", "100%得满分", "8"],
    ["", "", "", "", "预算控制率", "8", "≤10%得满分", "6"],
    ["总分", "", "", "", "", "48", "", "29.5"],
]


def build(path):
    d = docx.Document()
    t = d.add_table(rows=0, cols=len(HEADER))
    for values in [HEADER] + ROWS:
        cells = t.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = value
    for col in (0, 1, 2, 3):  # group labels and their points merged down their rows
        t.cell(1, col).merge(t.cell(2, col))
        t.cell(3, col).merge(t.cell(4, col))
    d.save(path)


def test_weights_beside_each_level(tmp_path):
    path = str(tmp_path / "zhibiao.docx")
    build(path)
    report = normalize(parse(path), "r", path)
    rows = [(s["level1"], s["level1_points"], s["level2"], s["level2_points"], s["indicator"],
             s["max_score"], s["self_score"]) for s in report.scores]
    assert rows == [
        ("投入", 16, "预算配置", 16, "在职人员控制率", 8, 8),
        ("投入", 16, "预算配置", 16, "三公经费变动率", 8, 7.5),
        ("过程", 58, "预算执行", 16, "预算完成率", 8, 8),
        ("过程", 58, "预算执行", 16, "预算控制率", 8, 6),
    ]
    assert report.fields["score_total"] == 29.5
    rules = {f.rule for f in reconcile(report)}
    # 过程 claims 58 points but its rows carry 16: the sheet's own arithmetic is flagged
    assert "score_level_points" in rules
    assert "score_total_sum" not in rules and "score_above_max" not in rules
