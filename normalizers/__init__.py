"""Document model → canonical records (`Report`) and the reconciliation of their figures.

`normalize(doc)` finds the report's parts by what they say (captions, header rows,
headings), never by position, so a reordered or partly missing report still yields what
it has (plus findings about cells it could not read); `reconcile(report)` applies the
rules of `data/rules.csv` and returns the findings of the discrepancy log.
"""
from __future__ import annotations

from parsers.model import Document

from .fields import department_from_title, find_year
from .grid import table_views
from .indicators import extract_indicators
from .keyvalue import extract_cells, extract_lines
from .money import extract_inline_amounts, extract_money, extract_money_pairs
from .narrative import extract_narrative_facts
from .outline import extract_sections
from .reconcile import reconcile
from .report import Fact, Finding, Report
from .scores import extract_scores, share_blank_maxima

REPORT_FIELDS = ("year", "department", "budget_code", "staff_authorized", "staff_actual",
                 "score_total", "score_stated", "grade", "year_source", "department_source",
                 "report_date", "form", "project_name", "supervising_department",
                 "implementing_unit")


def normalize(doc: Document, report_id: str = "", source_file: str = "") -> Report:
    report = Report(report_id=report_id, source_file=source_file or doc.source,
                    file_format=doc.format, n_pages=doc.n_pages)
    report.fields = {k: None for k in REPORT_FIELDS}
    findings = []
    views = table_views(doc)
    report.n_tables = len(views)
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
    report.sections = extract_sections(doc)
    report.facts.extend(extract_narrative_facts(report.sections))
    _report_fields(report, doc)
    report.parts_found = [p for p in ("income", "expenditure", "three_public", "fixed_assets",
                                      "scores", "indicators") if p in found]
    report.findings = findings
    if not report.is_empty():
        report.fields["form"] = "dept_report"
    return report


def read_reports(doc: Document, report_id: str = "", source_file: str = "") -> list:
    """Every report the document holds, normalized and reconciled.

    Most files hold one report; a file of several 项目支出绩效自评表 holds one per form
    (ids suffixed `-1`, `-2`, ... in document order). Empty reports are dropped: an
    empty list means nothing of a self-evaluation report was recognised.
    """
    report = normalize(doc, report_id=report_id, source_file=source_file)
    if report.is_empty():
        return []
    report.findings += reconcile(report)
    return [report]


def _report_fields(report: Report, doc: Document) -> None:
    f = report.fields
    for fact in report.facts:
        if fact.table == "basic_info" and f.get(fact.field) is None:
            f[fact.field] = int(fact.value) if float(fact.value).is_integer() else fact.value
    f["year"], f["year_source"] = find_year(doc, report.sections, report.source_file)
    if not f.get("department"):
        name = department_from_title(doc)
        if name:
            f["department"], f["department_source"] = name, "title"


__all__ = ["normalize", "read_reports", "reconcile", "Report", "Fact", "Finding"]
