"""Document model → canonical records (`Report`) and the reconciliation of their figures.

`normalize(doc)` finds the report's parts by what they say (captions, header rows,
headings), never by position, so a reordered or partly missing report still yields what
it has (plus findings about cells it could not read); `reconcile(report)` applies the
rules of `data/rules.csv` and returns the findings of the discrepancy log.
"""
from __future__ import annotations

from parsers.model import Document

from .forms import form_readers
from .forms.narrative_only import mark_narrative_only
from .fields import department_from_filename, department_from_title, find_year
from .grid import table_views
from .indicators import extract_indicators
from .keyvalue import extract_cells, extract_lines
from .money import extract_inline_amounts, extract_money, extract_money_pairs
from .narrative import extract_narrative_facts
from .ocr import mark_ocr
from .outline import extract_sections
from .reconcile import reconcile
from .report import CORE_PARTS, Fact, Finding, Report
from .scores import extract_scores, share_blank_maxima

REPORT_FIELDS = ("year", "department", "budget_code", "staff_authorized", "staff_actual",
                 "score_total", "score_stated", "grade", "year_source", "department_source",
                 "report_date", "form", "project_name", "supervising_department",
                 "implementing_unit")


def new_report(doc: Document, report_id: str = "", source_file: str = "") -> Report:
    """An empty report of `doc`, every report-level field present and empty."""
    report = Report(report_id=report_id, source_file=source_file or doc.source,
                    file_format=doc.format, n_pages=doc.n_pages)
    report.fields = {k: None for k in REPORT_FIELDS}
    return report


def normalize(doc: Document, report_id: str = "", source_file: str = "",
              views: list = None, report: Report = None) -> Report:
    """Read the seed's form (Family A) from `views` (default: every table) into `report`."""
    report = report or new_report(doc, report_id, source_file)
    findings = []
    all_views = table_views(doc) if views is None else views
    report.n_tables = len(all_views)
    views = [v for v in all_views if id(v) not in report.claimed]
    found = set()
    for view in views:
        money = extract_money(view, findings)
        money += extract_money_pairs(view, {f.location for f in money})
        money += extract_inline_amounts(view)
        report.facts.extend(money)
        found.update(f.table for f in money)
        if extract_scores(view, report):
            found.add("scores")
        if extract_indicators(view, report):
            found.add("indicators")
        extract_cells(view, report, findings)
    extract_lines(doc, report, findings)
    share_blank_maxima(report.scores)
    outline = extract_sections(doc)
    report.sections = report.sections + outline  # a form reader's sections come first
    report.facts.extend(extract_narrative_facts(outline))
    _report_fields(report, doc)
    report.parts_found += [p for p in ("income", "expenditure", "three_public", "fixed_assets",
                                       "scores", "indicators") if p in found]
    report.findings += findings
    if found or report.sections_are_report():
        report.forms.insert(0, "dept_report")
        report.required_parts = CORE_PARTS
    else:
        mark_narrative_only(doc, report)
    report.fields["form"] = ";".join(report.forms) or None
    return report


def read_reports(doc: Document, report_id: str = "", source_file: str = "") -> list:
    """Every report the document holds, normalized and reconciled.

    Most files hold one report; a file of several 项目支出绩效自评表 holds one per form
    (ids suffixed `-1`, `-2`, ... in document order). Empty reports are dropped: an
    empty list means nothing of a self-evaluation report was recognised.
    """
    views = table_views(doc)
    report = new_report(doc, report_id, source_file)
    extra = []
    for read in form_readers():
        # a reader adds what it finds to `report` (claiming the tables it read) or
        # returns reports of its own (one per 项目支出绩效自评表)
        extra += read(doc, views, report) or []
    normalize(doc, views=views, report=report)
    # the seed's 评分表 first, then the sheets of forms attached to it (a 指标表)
    report.scores.sort(key=lambda s: bool(s.get("sheet")))
    reports = ([] if report.is_empty() else [report]) + extra
    mark_ocr(reports, doc, views)
    for r in reports:
        r.findings += reconcile(r)
    return reports


def _report_fields(report: Report, doc: Document) -> None:
    f = report.fields
    for fact in report.facts:
        if fact.table == "basic_info" and f.get(fact.field) is None:
            f[fact.field] = int(fact.value) if float(fact.value).is_integer() else fact.value
    for fact in report.facts:  # a 基础数据表's staff, where the report has no 基本概况
        field = {"staff_authorized": "staff_authorized", "staff_in_service": "staff_actual"}.get(fact.field)
        if fact.table == "basic_data" and field and f.get(field) is None:
            f[field] = int(fact.value) if float(fact.value).is_integer() else fact.value
    year, source = find_year(doc, report.sections, report.source_file)
    if f.get("year") is None or source == "cover":  # a form's own year beats inferred ones
        f["year"], f["year_source"] = year, source
    if not f.get("department"):
        name = department_from_title(doc)
        if name:
            f["department"], f["department_source"] = name, "title"
    if not f.get("department"):
        name = department_from_filename(report.source_file)
        if name:
            f["department"], f["department_source"] = name, "filename"


__all__ = ["normalize", "read_reports", "reconcile", "Report", "Fact", "Finding"]
