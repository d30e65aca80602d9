"""A Sichuan-style 部门预算项目支出绩效自评表 (Family D layout) through the Family C reader.

The file is a real DOCX written by the sample writer: a two-row 预算执行情况 header
(年度预算数 over 年初预算 | 调整后预算数 | 预算执行数, with 预算执行率 | 权重 | 得分 merged down),
总额 / 其中：财政资金 / 财政专户管理资金 / 单位资金 lines with `/` for 权重 and 得分, and an
indicator grid with 指标性质 and 度量单位 columns, closed by 合计.
"""
import datetime as dt

import pytest

from normalizers import read_reports
from parsers import parse
from samples.docx_writer import render
from samples.layout import C, P, TableBuilder


def _c(text, cs=1, rs=1):
    return C([P(text, size=9)], cs, rs)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tb = TableBuilder("selfeval", [1.4, 1.4, 1.4, 2.0, 1.0, 1.2, 1.0, 1.2, 1.0, 1.0, 2.0])
    tb.row(_c("部门预算项目支出绩效自评表(2022年度)", 11))
    tb.row(_c("项目名称", 2), _c("51000022T000000123456-省级公共文化服务补助资金", 9))
    tb.row(_c("主管部门", 2), _c("四川省文化和旅游厅", 4), _c("实施单位（盖章）", 2), _c("四川省文化馆", 3))
    tb.row(_c("预算执行情况(10分)", 1, 6), _c("", 2, 2), _c("年度预算数(万元)", 4), _c("预算执行率", 1, 2),
           _c("权重", 1, 2), _c("得分", 1, 2), _c("原因", 1, 2))
    tb.row(_c("年初预算"), _c("调整后预算数", 2), _c("预算执行数"))
    tb.row(_c("总额", 2), _c("100.00"), _c("120.00", 2), _c("114.00"), _c("95.00%"), _c("10"), _c("9.5"), _c(""))
    tb.row(_c("其中：财政资金", 2), _c("80.00"), _c("100.00", 2), _c("94.00"), _c("94.00%"), _c("/"), _c("/"), _c(""))
    tb.row(_c("财政专户管理资金", 2), _c("0"), _c("0", 2), _c("0"), _c(""), _c("/"), _c("/"), _c(""))
    tb.row(_c("单位资金", 2), _c("20.00"), _c("20.00", 2), _c("20.00"), _c("100.00%"), _c("/"), _c("/"), _c(""))
    tb.row(_c("绩效指标(90分)", 1, 4), _c("一级指标"), _c("二级指标"), _c("三级指标"), _c("指标性质"), _c("指标值"),
           _c("度量单位"), _c("完成值"), _c("权重"), _c("得分"), _c("未完成原因分析"))
    tb.row(_c("产出指标"), _c("数量指标"), _c("惠民演出场次"), _c("≥"), _c("50"), _c("场"), _c("48"), _c("30"),
           _c("30"), _c(""))
    tb.row(_c("效益指标"), _c("社会效益指标"), _c("受益群众人次"), _c("≥"), _c("5"), _c("万人次"), _c("5.3"),
           _c("40"), _c("40"), _c(""))
    tb.row(_c("满意度指标"), _c("服务对象满意度指标"), _c("群众满意度"), _c("≥"), _c("90"), _c("%"), _c("93"),
           _c("20"), _c("20"), _c(""))
    tb.row(_c("合计", 8), _c("100"), _c("99.5"), _c(""))
    tb.row(_c("评价结论", 2), _c("项目总体完成较好。", 9))
    path = tmp_path_factory.mktemp("sichuan") / "sichuan-2022.docx"
    path.write_bytes(render([tb.build(), P("")], created=dt.datetime(2023, 3, 1), author="x"))
    reports = read_reports(parse(str(path)), "rid", str(path))
    assert len(reports) == 1
    return reports[0]


def test_head(report):
    f = report.fields
    assert f["form"] == "project_selfeval_table" and f["year"] == 2022
    assert f["project_name"] == "省级公共文化服务补助资金"
    assert f["implementing_unit"] == "四川省文化馆" and f["supervising_department"] == "四川省文化和旅游厅"
    assert f["score_total"] == 99.5


def test_two_row_funds_header(report):
    rows = [(b["line"], b["budget_initial"], b["budget_adjusted"], b["executed"], b["rate"],
             b["max_score"], b["self_score"]) for b in report.budget_execution]
    assert rows == [("total", 100, 120, 114, pytest.approx(0.95), 10, 9.5),
                    ("fiscal", 80, 100, 94, pytest.approx(0.94), None, None),
                    ("special_account", 0, 0, 0, None, None, None),
                    ("other", 20, 20, 20, pytest.approx(1.0), None, None)]


def test_operator_and_unit_columns(report):
    got = [(i["level3"], i["operator"], i["target_value"], i["actual_value"], i["value_unit"])
           for i in report.indicators]
    assert got == [("惠民演出场次", ">=", 50, 48, "场"), ("受益群众人次", ">=", 5, 5.3, "万人次"),
                   ("群众满意度", ">=", 90, 93, "%")]


def test_findings(report):
    rules = sorted(f.rule for f in report.findings if f.severity in ("error", "warning"))
    # 48 场 of 50 with full marks; nothing else is wrong
    assert rules == ["indicator_full_marks_missed"]
