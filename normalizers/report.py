"""The canonical records of one report, as the normalizers build them.

A `Report` holds plain row dicts per output table plus the report-level fields; the
reconciler adds `Finding`s. `to_tables()` hands the writers exactly the contract's rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

CORE_PARTS = ("income", "expenditure", "three_public", "fixed_assets", "scores")


@dataclass
class Fact:
    table: str
    entity: str
    field: str
    value: float
    unit: str
    label_raw: str
    text_raw: str
    location: str
    match: str = ""
    unit_printed: str = ""
    period: str = ""
    confidence: Optional[float] = None


@dataclass
class Finding:
    """One row of the discrepancy log (a frictionless-style error: type, message, place)."""

    rule: str
    severity: str
    fields: list
    message: str
    location: str = ""
    expected: Optional[float] = None
    actual: Optional[float] = None
    difference: Optional[float] = None


@dataclass
class Report:
    report_id: str
    source_file: str
    file_format: str
    fields: dict = field(default_factory=dict)
    locations: dict = field(default_factory=dict)
    facts: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    budget_execution: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    parts_found: list = field(default_factory=list)
    forms: list = field(default_factory=list)       # forms read into this report, in order
    claimed: set = field(default_factory=set)      # id() of table views a form has read
    sheet_totals: dict = field(default_factory=dict)  # score sheet -> (总分, 总分值, location)
    required_parts: tuple = CORE_PARTS              # parts whose absence makes it `partial`
    n_pages: Optional[int] = None
    n_tables: int = 0
    scanned_pages: list = field(default_factory=list)  # read by OCR, in a PDF with text pages
    unread_pages: dict = field(default_factory=dict)   # page without text layer -> why unread

    # --- status --------------------------------------------------------------------
    def is_empty(self) -> bool:
        """Nothing of a self-evaluation report was recognised in the file."""
        return not (self.facts or self.scores or self.indicators or self.budget_execution
                    or self.sections_are_report())

    def sections_are_report(self) -> bool:
        return any(s.get("is_report_outline") for s in self.sections)

    @staticmethod
    def not_a_report_reason() -> str:
        return ("不是绩效自评报告：未找到收支表、三公经费表、评分表、定量目标表或评价报告综述"
                "（请确认文件内容）")

    @property
    def parts_missing(self) -> list:
        return [p for p in self.required_parts if p not in self.parts_found]

    @property
    def status(self) -> str:
        return "ok" if not self.parts_missing else "partial"

    @property
    def status_reason(self) -> str:
        if not self.parts_missing:
            return ""
        names = {"income": "收入表", "expenditure": "支出表", "three_public": "三公经费表",
                 "fixed_assets": "固定资产表", "scores": "评分表"}
        return "部分内容缺失：未找到" + "、".join(names[p] for p in self.parts_missing)

    # --- rows ----------------------------------------------------------------------
    def to_tables(self) -> dict:
        rid = self.report_id
        errors = sum(1 for f in self.findings if f.severity == "error")
        warnings = sum(1 for f in self.findings if f.severity == "warning")
        report_row = dict(self.fields, report_id=rid, source_file=self.source_file,
                          file_format=self.file_format, status=self.status,
                          n_errors=errors, n_warnings=warnings, n_pages=self.n_pages,
                          n_tables=self.n_tables, tables_found=";".join(self.parts_found),
                          tables_missing=";".join(self.parts_missing))
        return {
            "reports": [report_row],
            "facts": [dict(vars(f), report_id=rid) for f in self.facts],
            "scores": [dict(s, report_id=rid) for s in self.scores],
            "indicators": [dict(i, report_id=rid) for i in self.indicators],
            "budget_execution": [dict(b, report_id=rid) for b in self.budget_execution],
            "sections": [{k: v for k, v in s.items() if k != "is_report_outline"} | {"report_id": rid}
                         for s in self.sections],
            "discrepancies": [dict(vars(f), fields=";".join(f.fields), report_id=rid,
                                   source_file=self.source_file) for f in self.findings],
        }
