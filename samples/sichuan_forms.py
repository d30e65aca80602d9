"""Family D: Sichuan's 部门预算项目支出绩效自评表, published as native .xlsx and HTML.

    python -m samples.sichuan_forms [OUTDIR]      # also run by `python -m samples.generate`

writes `samples/sichuan/<name>.xlsx|.html|.htm` and `<name>.expected.json` (format 2, as
`samples.selfeval_files` writes it). The layout is Sichuan's (templates.md, Family D), not the
national one: the head 项目名称 (a 21-character project code before the name) / 主管部门 |
实施单位（盖章）, 项目基本情况 with 项目年度目标 | 年度目标完成情况, 预算执行情况（10分）with
年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分 / 原因 over 总额 and its 其中
lines (`/` where a line has no 权重 or 得分), 绩效指标（90分）with 一级/二级/三级指标, 指标性质
(the operator), 指标值, 度量单位, 完成值, 权重, 得分, 未完成原因分析, then 合计, 评价结论,
存在问题, 改进措施 and the signatures. Several projects sit in one file: stacked on one sheet,
one per sheet (with a hidden draft sheet that must not be read), or one after another on a
web page (UTF-8 .html, GB2312 .htm).

The forms are `samples.selfeval_spec.FormSpec`s, so the expected values and findings are
computed by that module's arithmetic from the spec, never by reading a file back; only the
cells that Sichuan prints differently (指标值 without its operator and unit) are adjusted
here, from the same spec.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from parsers.model import Cell, Paragraph, Table
from samples.selfeval_files import assign
from samples.selfeval_spec import OP_GLYPHS, FormSpec, Ind, Line, V, expected_report
from samples.sheet_writer import html_page, workbook_bytes

HERE = Path(__file__).resolve().parent
SUBDIR = "sichuan"
OUT = HERE / SUBDIR
N_COLS = 11
TITLE = "部门预算项目支出绩效自评表"
REPORT_NO = "报表编号:510000_0013zp"


@dataclass
class SichuanFile:
    name: str
    description: str
    forms: list
    fmt: str = "xlsx"              # xlsx | html | htm (GB2312)
    layout: str = "stacked"        # stacked (one sheet / page) | sheets (one sheet per form)
    hidden_draft: bool = False     # an extra hidden sheet holding a draft form

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.fmt}"


# --- one form as a grid ----------------------------------------------------------------

class _Grid:
    """Rows of (text, col, colspan, rowspan) placed into model cells."""

    def __init__(self):
        self.cells, self.n_rows = [], 0

    def row(self, *items):
        for text, col, cs, rs in items:
            self.cells.append(Cell(row=self.n_rows, col=col, row_span=rs, col_span=cs,
                                   paragraphs=[Paragraph(text=t) for t in str(text).split("\n")]))
        self.n_rows += 1

    def table(self) -> Table:
        return Table(cells=self.cells, n_rows=self.n_rows, n_cols=N_COLS)


def _money(text):
    """万元 as Sichuan prints it: two decimals with thousands separators."""
    if text is None:
        return "/"
    whole, _, frac = f"{float(text):.2f}".partition(".")
    return f"{int(whole):,}.{frac}"


def _op(ind: Ind) -> str:
    if ind.target.number is None:
        return "定性"
    return OP_GLYPHS[ind.target.op] or "="


def _value_text(v) -> str:
    """The 指标值 / 完成值 cell: the number alone (operator and unit have their own columns)."""
    return v.number if v.number is not None else (v.text or "")


def _unit(ind: Ind) -> str:
    return ind.target.unit or ind.actual.unit


def form_blocks(form: FormSpec, extra: dict) -> list:
    """Title paragraphs and the bordered grid of one Sichuan 自评表."""
    g = _Grid()
    g.row(("项目名称", 0, 1, 1), (form.project_name, 1, 10, 1))
    g.row(("主管部门", 0, 1, 1), (form.supervising, 1, 4, 1),
          ("实施单位（盖章）", 5, 2, 1), (form.implementing, 7, 4, 1))
    g.row(("项目基本情况", 0, 1, 2), ("项目年度目标", 1, 5, 1), ("年度目标完成情况", 6, 5, 1))
    g.row((form.goal_expected, 1, 5, 1), (form.goal_actual, 6, 5, 1))
    g.row(("预算执行情况（10分）", 0, 1, 1 + len(form.lines)), ("年度预算数（万元）", 1, 2, 1),
          ("年初预算", 3, 1, 1), ("调整后预算数", 4, 1, 1), ("预算执行数", 5, 1, 1),
          ("预算执行率", 6, 1, 1), ("权重", 7, 1, 1), ("得分", 8, 1, 1), ("原因", 9, 2, 1))
    for ln in form.lines:
        rate = form.rate_text(ln)
        score = form.line_score(ln)
        g.row((ln.label, 1, 2, 1), (_money(ln.initial), 3, 1, 1), (_money(ln.adjusted), 4, 1, 1),
              (_money(ln.executed), 5, 1, 1), ("/" if rate == "-" else rate, 6, 1, 1),
              (ln.max_score or "/", 7, 1, 1), ("/" if score is None else f"{score:.2f}", 8, 1, 1),
              (extra.get("fund_reason", "") if ln.line == "total" else "", 9, 2, 1))
    inds = form.indicators
    g.row(("绩效指标（90分）", 0, 1, 1 + len(inds)), ("一级指标", 1, 1, 1), ("二级指标", 2, 1, 1),
          ("三级指标", 3, 1, 1), ("指标性质", 4, 1, 1), ("指标值", 5, 1, 1), ("度量单位", 6, 1, 1),
          ("完成值", 7, 1, 1), ("权重", 8, 1, 1), ("得分", 9, 1, 1), ("未完成原因分析", 10, 1, 1))
    for k, ind in enumerate(inds):
        items = []
        if k == 0 or inds[k - 1].level1 != ind.level1:
            items.append((ind.level1, 1, 1, _run(inds, k, lambda i: i.level1)))
        if k == 0 or (inds[k - 1].level1, inds[k - 1].level2) != (ind.level1, ind.level2):
            items.append((ind.level2, 2, 1, _run(inds, k, lambda i: (i.level1, i.level2))))
        items += [(ind.level3, 3, 1, 1), (_op(ind), 4, 1, 1), (_value_text(ind.target), 5, 1, 1),
                  (_unit(ind), 6, 1, 1), (_value_text(ind.actual), 7, 1, 1),
                  (ind.max_score, 8, 1, 1), (ind.self_score, 9, 1, 1), (ind.note, 10, 1, 1)]
        g.row(*items)
    g.row(("合计", 0, 8, 1), (f"{form.total_max():g}", 8, 1, 1), (f"{form.total_score()}", 9, 1, 1),
          ("", 10, 1, 1))
    g.row(("评价结论", 0, 1, 1), (extra.get("conclusion", "项目完成了年度绩效目标。"), 1, 10, 1))
    g.row(("存在问题", 0, 1, 1), (extra.get("problems", "无"), 1, 10, 1))
    g.row(("改进措施", 0, 1, 1), (extra.get("measures", "加强项目过程管理。"), 1, 10, 1))
    g.row((f"项目负责人：{extra.get('lead', '王明')}", 0, 5, 1),
          (f"财务负责人：{extra.get('finance', '李芳')}", 5, 6, 1))
    return [Paragraph(text=TITLE, level=0), Paragraph(text=f"（{form.year}年度）"),
            Paragraph(text=REPORT_NO), g.table()]


def _run(inds: list, k: int, key) -> int:
    """How many rows from k on share the key (the height of a merged level cell)."""
    n = 1
    while k + n < len(inds) and key(inds[k + n]) == key(inds[k]):
        n += 1
    return n


# --- files and expected values ----------------------------------------------------------

def file_bytes(sample: SichuanFile) -> bytes:
    per_form = [form_blocks(f, extra) for f, extra in sample.forms]
    if sample.fmt == "xlsx":
        if sample.layout == "sheets":
            sheets = [(f"项目{k + 1}", blocks) for k, blocks in enumerate(per_form)]
        else:
            sheets = [("自评表", [b for blocks in per_form for b in blocks])]
        hidden = [draft_form()] if sample.hidden_draft else []
        return workbook_bytes(sheets, hidden=[("草稿", form_blocks(f, {})) for f in hidden])
    charset = "gb2312" if sample.fmt == "htm" else "utf-8"
    page = html_page([b for blocks in per_form for b in blocks], title=TITLE, charset=charset)
    return page.encode("gb18030" if charset == "gb2312" else "utf-8")


def expected(sample: SichuanFile) -> dict:
    """Format-2 expected JSON: selfeval_spec's records, with the 指标值 / 完成值 texts as
    Sichuan prints them (the number alone; operator and unit in their own columns)."""
    forms = [f for f, _ in sample.forms]

    class _S:  # what selfeval_files.assign needs
        pass

    holder = _S()
    holder.forms = forms
    reports = []
    for suffix, form in assign(holder):
        entry = dict(id_suffix=suffix, **expected_report(form))
        for row, ind in zip(entry["indicators"], form.indicators):
            row["target"], row["result"] = _value_text(ind.target), _value_text(ind.actual)
            row["value_unit"] = _unit(ind) or None
            row["operator"] = ind.target.op or ("=" if ind.target.number is not None else None)
        reports.append(entry)
    return {"format": 2, "file": sample.file_name, "reports": reports}


def write_all(outdir: Path = OUT) -> list:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for s in all_samples():
        (outdir / s.file_name).write_bytes(file_bytes(s))
        (outdir / f"{s.name}.expected.json").write_text(
            json.dumps(expected(s), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [outdir / s.file_name, outdir / f"{s.name}.expected.json"]
    return written


# --- the samples -------------------------------------------------------------------------

def _lines(total, fiscal, special=None, unit_funds=None, other=None, **slip) -> list:
    """总额 and its 其中 lines, amounts as (年初预算, 调整后预算数, 预算执行数) texts."""
    none = (None, None, None)
    return [Line("总额", "total", *total, max_score="10", **slip),
            Line("其中：财政资金", "fiscal", *fiscal),
            Line("财政专户管理资金", "special_account", *(special or none)),
            Line("单位资金", "other", *(unit_funds or none)),
            Line("其他资金", "other", *(other or none))]


def _project(name, code, supervising, implementing, year, lines, inds, goals, **kw) -> FormSpec:
    return FormSpec(kind="project", year=year, project_name=f"{code}-{name}",
                    supervising=supervising, implementing=implementing, lines=lines,
                    indicators=inds, goal_expected=goals[0], goal_actual=goals[1],
                    points_in_labels=False, **kw)


def road(year=2022, **slip) -> FormSpec:
    return _project(
        "农村公路建设养护补助", "51000022R000000012345", "501-四川省交通运输厅",
        "501003-四川省公路规划勘察设计研究院", year,
        _lines(("1082.00", "1200.00", "1176.00"), ("1000.00", "1100.00", "1076.00"),
               unit_funds=("82.00", "100.00", "100.00"), **slip),
        [Ind("产出指标", "数量指标", "新改建农村公路里程", V(">=50公里"), V("52公里"), "20", "20"),
         Ind("产出指标", "数量指标", "养护农村公路里程", V(">=300公里"), V("310公里"), "10", "10"),
         Ind("产出指标", "质量指标", "交工验收合格率", V("=100%"), V("100%"), "10", "10"),
         Ind("产出指标", "时效指标", "项目按期完工率", V(">=95%"), V("96%"), "5", "5"),
         Ind("产出指标", "经济成本指标", "每公里建设成本", V("<=90万元"), V("88万元"), "5", "5"),
         Ind("效益指标", "社会效益指标", "群众出行条件", V("text:明显改善"), V("text:达成预期指标"),
             "20", "19", "个别路段受雨季影响进度偏慢"),
         Ind("效益指标", "经济效益指标", "带动沿线产业发展", V("text:有效带动"), V("text:效果明显"),
             "10", "10"),
         Ind("满意度指标", "服务对象满意度指标", "沿线群众满意度", V(">=90%"), V("94%"), "10", "10")],
        ("完成50公里农村公路新改建和300公里养护，改善农村群众出行条件。",
         "全年新改建农村公路52公里、养护310公里，交工验收全部合格。"), **slip_fields(slip))


def school(year=2022) -> FormSpec:
    return _project(
        "学前教育发展资金", "51000022R000000023456", "502-四川省教育厅", "502011-成都市第一幼儿园",
        year, _lines(("300.00", "320.00", "304.00"), ("300.00", "320.00", "304.00")),
        [Ind("产出指标", "数量指标", "资助幼儿人数", V(">=1200人"), V("1260人"), "20", "20"),
         Ind("产出指标", "质量指标", "资助资金发放准确率", V("=100%"), V("100%"), "15", "15"),
         Ind("产出指标", "时效指标", "资金拨付及时率", V(">=95%"), V("97%"), "15", "15"),
         Ind("效益指标", "社会效益指标", "家庭经济困难幼儿入园率", V(">=98%"), V("99%"), "30", "29",
             "个别幼儿因搬迁未入园"),
         Ind("满意度指标", "服务对象满意度指标", "家长满意度", V(">=90%"), V("95%"), "10", "10")],
        ("资助家庭经济困难幼儿1200人以上，保障幼儿园正常运转。",
         "全年资助幼儿1260人，资金按时足额发放。"))


def water(year=2022) -> FormSpec:
    return _project(
        "农村饮水安全巩固提升", "51000022R000000034567", "503-四川省水利厅", "503007-四川省水利科学研究院",
        year, _lines(("650.00", "650.00", "617.50"), ("600.00", "600.00", "567.50"),
                     special=("50.00", "50.00", "50.00")),
        [Ind("产出指标", "数量指标", "新建集中供水工程", V(">=12处"), V("12处"), "20", "20"),
         Ind("产出指标", "质量指标", "工程验收合格率", V("=100%"), V("100%"), "15", "15"),
         Ind("产出指标", "时效指标", "工程按期完工率", V(">=90%"), V("92%"), "15", "15"),
         Ind("效益指标", "社会效益指标", "受益人口", V(">=3.5万人"), V("3.6万人"), "15", "15"),
         Ind("效益指标", "生态效益指标", "水源地保护", V("text:有效保护"), V("text:达成预期指标"),
             "15", "14", "部分水源地标识未完善"),
         Ind("满意度指标", "服务对象满意度指标", "受益群众满意度", V(">=90%"), V("92%"), "10", "10")],
        ("新建12处集中供水工程，巩固提升农村饮水安全水平。",
         "完成12处集中供水工程建设，受益人口3.6万人。"))


def slip_fields(slip: dict) -> dict:
    """The findings a rate slip must give (the generator checks the spec gives exactly these)."""
    return {"intended": ["budget_rate_mismatch"]} if slip.get("rate_override") else {}


def draft_form() -> FormSpec:
    return _project("草稿项目", "51000022R000000099999", "599-草稿", "599001-草稿单位", 2022,
                    _lines(("1.00", "1.00", "1.00"), ("1.00", "1.00", "1.00")),
                    [Ind("产出指标", "数量指标", "草稿指标", V(">=1个"), V("1个"), "90", "90")],
                    ("草稿", "草稿"))


def all_samples() -> list:
    return [
        SichuanFile("sichuan-2022-projects-stacked", "Three project forms stacked on one sheet, "
                    "titles merged above each bordered grid, money as 1,082.00 and rates as "
                    "98.00% (number formats); the road project prints 预算执行率 97.00% where "
                    "1176/1200 = 98.00% (budget_rate_mismatch).",
                    [(road(rate_override="97.00%"), {"fund_reason": "部分工程款待结算"}),
                     (school(), {}), (water(), {"problems": "部分水源地标识未完善"})]),
        SichuanFile("sichuan-2023-projects-sheets", "Two project forms, one per sheet, and a "
                    "hidden draft sheet holding a third form that must not be read.",
                    [(school(2023), {}), (water(2023), {})], layout="sheets", hidden_draft=True),
        SichuanFile("sichuan-2022-projects-page", "Three project forms on one web page (UTF-8), "
                    "as a department's site publishes them: <h1> title, rowspan/colspan grids.",
                    [(water(), {}), (road(), {}), (school(), {})], fmt="html"),
        SichuanFile("sichuan-2023-projects-gbk", "Two project forms on an older GB2312 .htm page.",
                    [(road(2023), {}), (school(2023), {})], fmt="htm"),
    ]


README = """
## Family D: Sichuan 部门预算项目支出绩效自评表 (`sichuan/`)

Generated by `samples/sichuan_forms.py` as native .xlsx and HTML (not twins): Sichuan's own
layout (指标性质 / 指标值 / 度量单位 columns, 预算执行情况（10分）, 绩效指标（90分）, 合计),
several projects per file. Expected JSON in format 2 (see Family C), computed from
`selfeval_spec.FormSpec`s; the 指标值 / 完成值 texts are the numbers alone, the operator
comes from 指标性质 (`定性` for a text value: no operator) and the unit from 度量单位.

| sample | reports | findings | what it exercises |
| --- | --- | --- | --- |
"""


def readme() -> str:
    rows = []
    for s in all_samples():
        rules = sorted({r for form, _ in s.forms for r in form.intended})
        desc = s.description.replace("|", "\\|")
        rows.append(f"| `{s.file_name}` | {len(s.forms)} | {', '.join(rules) or 'none'} | {desc} |")
    return README + "\n".join(rows) + "\n"


def main(argv: list | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", nargs="?", default=str(OUT))
    args = ap.parse_args(argv)
    files = write_all(Path(args.outdir))
    print(f"wrote {len(files)} files to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
