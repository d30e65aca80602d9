"""Family C: the national (财政部-style) 项目支出绩效自评表 and 部门整体支出绩效自评表.

The forms are found by what they say: a title naming the form, or a head row (项目名称 /
预算部门、单位名称), followed by a 资金 or 绩效指标 block (see `selfeval_blocks`). A file may
hold several forms: several tables, or one long table whose title rows repeat; each form
runs from its start to the next start. A form that continues in the next table (a PDF page
break) keeps reading until its 总分 row.

One form alone, or the department form beside project forms, is read into the file's own
report (so a Family A report with a 自评表 attached is read as both); every other project
form becomes a report of its own, its id suffixed `-1`, `-2`, ... in document order.
"""
from __future__ import annotations

import re

from parsers.model import Document

from ..fields import TITLE_YEAR_RE, find_year
from ..grid import TableView
from ..text import squash
from . import selfeval_rules  # noqa: F401  (registers the checkers of data/rules-selfeval.csv)
from .selfeval_blocks import Form, head_fields, own_cells, read_row, title_kind

YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
REPORT_FIELDS = ("project_name", "supervising_department", "implementing_unit", "department",
                 "budget_code", "grade")


def read(doc: Document, views: list, report) -> list:
    forms = [f for f in find_forms(views, report.claimed) if f.is_form()]
    if not forms:
        return []
    for f in forms:
        report.claimed.update(id(v) for v in f.views)
    main = next((f for f in forms if f.kind == "dept"), None) if len(forms) > 1 else forms[0]
    if main is not None:
        into_report(main, report, doc, merge=True)
    extra = []
    for form in forms:
        if form is main:
            continue
        from .. import new_report  # the package imports this module first

        own = new_report(doc, f"{report.report_id}-{len(extra) + 1}", report.source_file)
        own.required_parts = ()
        into_report(form, own, doc, merge=False)
        own.n_tables = len(form.views)
        extra.append(own)
    return extra


# --- finding the forms ---------------------------------------------------------------
def find_forms(views: list, claimed: set) -> list:
    """Every form, in document order, with the rows it covers."""
    forms, cur = [], None
    for view in views:
        if id(view) in claimed:
            continue
        # a form cut by a page break goes on in the next table until its 总分 row
        reading = cur is not None and not cur.closed and cur.state is not None
        first = True
        for r in range(view.n_rows):
            start = _start_kind(view, r, cur)
            if start:
                cur = Form(kind=start.lstrip("~"), title=list(view.before) if first else [])
                forms.append(cur)
                reading, first = True, False
            if not reading:
                continue
            cur.rows.append((view, r))
            _note_title(cur, view, r)
            read_row(cur, view, r)
    return forms


def _start_kind(view: TableView, r: int, cur):
    """'project' / 'dept' for a title row, '~project' / '~dept' for a head row that opens a
    new form (the current one already has its name), else None."""
    texts = [c.text for c in own_cells(view, r) if c.text.strip()]
    if 1 <= len(texts) <= 2:
        kind = next((title_kind(t) for t in texts if title_kind(t)), None)
        if kind:
            return kind if cur is None or cur.fields or cur.state else None
    for key, _, _ in head_fields(view, r):
        if key in ("project_name", "department"):
            if cur is None or cur.closed or cur.fields.get(key) or _other(key) in cur.fields:
                return "~project" if key == "project_name" else "~dept"
    return None


def _other(key: str) -> str:
    return "department" if key == "project_name" else "project_name"


def _note_title(form: Form, view: TableView, r: int) -> None:
    texts = [c.text for c in own_cells(view, r) if c.text.strip()]
    if len(texts) == 1 and (title_kind(texts[0]) or TITLE_YEAR_RE.search(squash(texts[0]))):
        form.title.append(texts[0])


# --- into a report --------------------------------------------------------------------
def form_year(form: Form):
    for text in form.title:
        m = TITLE_YEAR_RE.search(squash(text)) or YEAR_RE.search(squash(text))
        if m:
            return int(m.group(1))
    return None


def into_report(form: Form, report, doc: Document, merge: bool) -> None:
    """Copy what the form gave into `report` (only the fields it does not have yet)."""
    f = report.fields
    for key in REPORT_FIELDS + ("selfeval_score_total", "selfeval_score_max"):
        if form.fields.get(key) is not None and f.get(key) is None:
            f[key] = form.fields[key]
    for key, where in form.locations.items():
        report.locations.setdefault(key, where)
    if f.get("department") is None:
        f["department"] = form.fields.get("implementing_unit") or form.fields.get("supervising_department")
    if f.get("department") and not f.get("department_source"):
        f["department_source"] = "form"
    if f.get("score_total") is None:
        f["score_total"] = form.fields.get("selfeval_score_total")
        report.locations.setdefault("score_total", form.locations.get("selfeval_score_total", ""))
    year = form_year(form)
    if year and f.get("year") is None:
        f["year"], f["year_source"] = year, "cover"
    elif not merge and f.get("year") is None:
        f["year"], f["year_source"] = find_year(doc, [], report.source_file)
    report.facts.extend(form.facts)
    report.budget_execution.extend(form.budget)
    report.indicators.extend(form.indicators)
    report.sections.extend(dict(s, order=len(report.sections) + i + 1)
                           for i, s in enumerate(form.sections))
    report.forms.append(form.name)
    report.parts_found += [p for p, rows in (("budget_execution", form.budget),
                                             ("selfeval_indicators", form.indicators)) if rows]
    if merge:
        report.required_parts = ()
    f["form"] = ";".join(report.forms)
