"""`jixiao check FILE`: a department checks its own report before it submits it.

Reads one file as `jixiao run` would and prints, in Chinese, what was read and every
finding with the cells it points at. Exit status: 0 when there is no error (warnings
and notes do not block), 1 when there are errors, 3 when the file could not be read as a
report — so a submission system can gate on it.
"""
from __future__ import annotations

import hashlib

from .describe import field_title, rule_title, value_title

EXIT_OK, EXIT_ERRORS, EXIT_UNREAD = 0, 1, 3
READ_TABLES = [("facts", "项数据"), ("scores", "行评分"), ("indicators", "个绩效指标"),
               ("budget_execution", "条资金执行"), ("sections", "个章节")]


def read(path: str, source_file: str) -> dict:
    from .worker import process_file
    with open(path, "rb") as fh:
        sha = hashlib.sha256(fh.read()).hexdigest()
    result = process_file(path, source_file, sha)
    for row in (result.get("tables") or {}).get("discrepancies", []):
        row.setdefault("source_file", source_file)
    return result


def exit_status(result: dict) -> int:
    if result.get("status") not in ("ok", "partial"):
        return EXIT_UNREAD
    findings = (result.get("tables") or {}).get("discrepancies", [])
    return EXIT_ERRORS if any(f.get("severity") == "error" for f in findings) else EXIT_OK


def text_report(result: dict, source_file: str) -> list:
    """The lines `jixiao check` prints."""
    tables = result.get("tables") or {}
    lines = [f"文件：{source_file}"]
    if result.get("status") not in ("ok", "partial"):
        lines.append(f"未能作为报告读取（{value_title('status', result.get('status'))}）："
                     f"{result.get('error') or '原因不明'}")
        return lines
    for r in tables.get("reports", []):
        parts = [("表式", value_title("form", r.get("form"))), ("年度", r.get("year")),
                 ("部门", r.get("department")), ("项目", r.get("project_name")),
                 ("总分", r.get("score_total")), ("综合得分", r.get("score_stated")),
                 ("等次", r.get("grade"))]
        lines.append("   ".join(f"{k}：{v:g}" if isinstance(v, float) else f"{k}：{v}"
                                for k, v in parts if v not in (None, "")))
    read_counts = [f"{len(tables.get(t, []))} {unit}" for t, unit in READ_TABLES
                   if tables.get(t)]
    if read_counts:
        lines.append("读取到：" + "，".join(read_counts))
    if result.get("status") == "partial" and result.get("error"):
        lines.append(f"部分内容未能读取：{result['error']}")
    findings = tables.get("discrepancies", [])
    order = {"error": 0, "warning": 1, "info": 2}
    findings = sorted(findings, key=lambda f: order.get(f.get("severity"), 3))
    counts = {s: sum(1 for f in findings if f.get("severity") == s) for s in order}
    if findings:
        lines.append(f"发现 {counts['error']} 个错误、{counts['warning']} 个警告、"
                     f"{counts['info']} 条提示：")
    for i, f in enumerate(findings, 1):
        sev = value_title("severity", f.get("severity"))
        lines.append(f"  {i}. [{sev}] {f.get('message') or rule_title(f.get('rule'))}")
        if f.get("location"):
            lines.append(f"     位置：{f['location']}")
        fields = [field_title(x) for x in (f.get("fields") or "").split(";") if x]
        lines.append(f"     检查：{rule_title(f.get('rule'))}"
                     + (f"（{'、'.join(fields)}）" if fields else ""))
    if counts["error"]:
        lines.append(f"结论：有 {counts['error']} 个错误，请改正后再提交。")
    elif findings:
        lines.append("结论：未发现错误；请看一下上面的警告和提示。")
    else:
        lines.append("结论：未发现问题。")
    return lines


def html_report(result: dict, source_file: str, target: str) -> str:
    """The same report as a self-contained page (report.html's layout, one file)."""
    from . import out_html
    from .tables import MemorySource

    tables = dict(result.get("tables") or {})
    tables["manifest"] = [{"source_file": source_file, "status": result.get("status"),
                           "error": result.get("error") or None,
                           "file_format": result.get("file_format") or None,
                           "report_id": result.get("report_id") or None}]
    page = out_html.render(MemorySource(tables), title=f"报告自查：{source_file}", single=True)
    return out_html.write_page(target, page)
