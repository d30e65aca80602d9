"""OUT/report.html: one self-contained page a person opens after a run (or `jixiao check`).

The run's counts, two small charts (总分 and error distributions, inline SVG), the reports
ordered by errors with each finding in Chinese and the cells it points at, and the files
that failed or were skipped with their reasons. No script, no network: the styles and
charts are inline, and a Content-Security-Policy forbids anything else. Every text from
the data is escaped — file names come from outside and can hold anything.
"""
from __future__ import annotations

import html
import os
import tempfile

from .describe import rule_title, value_title
from .tables import TableSource

FILENAME = "report.html"
SEVERITIES = ("error", "warning", "info")
SCORE_BINS = [(None, 60, "<60"), (60, 70, "60–70"), (70, 80, "70–80"), (80, 85, "80–85"),
              (85, 90, "85–90"), (90, 95, "90–95"), (95, None, "≥95")]
CSS = """
:root{--err:#b00020;--warn:#8a5a00;--info:#1f5fa8;--line:#d8dde6;--bg:#f6f8fb}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:14px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
"Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;
border-bottom:2px solid var(--line)}
.meta{color:#5b6475;font-size:12px;margin-bottom:16px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:8px 14px;
min-width:110px}.card b{display:block;font-size:22px}.card span{color:#5b6475;font-size:12px}
.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}
.charts{display:flex;flex-wrap:wrap;gap:24px}.chart{border:1px solid var(--line);
border-radius:6px;padding:8px 12px}.chart h3{font-size:13px;margin:0 0 4px;font-weight:600}
details.report{border:1px solid var(--line);border-radius:6px;margin:8px 0;background:#fff}
details.report>summary{cursor:pointer;padding:8px 12px;background:var(--bg);
border-radius:6px;list-style-position:inside}
details.report[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
.file{font-weight:600;word-break:break-all}.dept{color:#394150;margin-left:8px}
.facts{color:#5b6475;font-size:12px;margin-left:8px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;margin-left:6px;
color:#fff}.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}
.badge.info{background:var(--info)}
ol.findings{margin:0;padding:6px 12px 8px 36px}ol.findings li{margin:4px 0}
.sev{font-weight:600;margin-right:6px}.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}
.sev.info{color:var(--info)}
.loc{display:block;color:#5b6475;font-size:12px;word-break:break-all}
.loc code{background:var(--bg);padding:0 4px;border-radius:3px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid var(--line);
padding:4px 8px;text-align:left;vertical-align:top}th{background:var(--bg)}
td.path{word-break:break-all}td.num{text-align:right;white-space:nowrap}
.none{color:#5b6475}
"""


def write(out: str, source: TableSource, summary=None, filename: str = FILENAME,
          title: str = "绩效自评报告检查结果") -> str:
    """Write OUT/report.html from `source`; return its path."""
    target = os.path.join(out, filename) if not os.path.isabs(filename) else filename
    return write_page(target, render(source, title=title, meta=_meta(summary)))


def write_page(target: str, page: str) -> str:
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def esc(value) -> str:
    """Escaped text; a name that is not valid Unicode shows its escapes, never breaks."""
    if value is None:
        return ""
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return html.escape(text, quote=True)


def render(source: TableSource, title: str, meta: str = "", single: bool = False) -> str:
    """The page; `single` is one file checked on its own (jixiao check): no run counts
    or distributions, only its findings."""
    reports = source.table("reports").to_pylist()
    findings = source.table("discrepancies").to_pylist()
    manifest = source.table("manifest").to_pylist()
    by_report: dict = {}
    for f in findings:
        by_report.setdefault(f.get("report_id"), []).append(f)
    facts = _fact_counts(source)
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'; img-src data:">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<div class="meta">{meta}</div>' if meta else "",
        _cards(reports, findings, manifest, single),
        "" if single else _charts(reports, findings),
        _report_list(reports, by_report, facts, single),
        _problem_files(manifest, single),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _meta(summary) -> str:
    if summary is None:
        return ""
    from . import run_info
    return esc(f"输出目录 {os.path.abspath(summary.out)} · 生成于 {run_info.now()} · "
               f"jixiao {run_info.version()}")


def _fact_counts(source: TableSource) -> dict:
    counts: dict = {}
    for batch in source.batches("facts"):
        for rid in batch.column("report_id").to_pylist():
            counts[rid] = counts.get(rid, 0) + 1
    return counts


def _cards(reports, findings, manifest, single=False) -> str:
    status = {}
    for m in manifest:
        status[m.get("status")] = status.get(m.get("status"), 0) + 1
    sev = {s: sum(1 for f in findings if f.get("severity") == s) for s in SEVERITIES}
    with_errors = sum(1 for r in reports if (r.get("n_errors") or 0) > 0)
    cards = [("", len(manifest), "文件"), ("", status.get("ok", 0), "已读取"),
             ("warn" if status.get("partial") else "", status.get("partial", 0), "部分读取"),
             ("err" if status.get("failed") else "", status.get("failed", 0), "失败"),
             ("", status.get("skipped", 0), "跳过"), ("", len(reports), "报告"),
             ("err" if with_errors else "", with_errors, "有错误的报告"),
             ("err" if sev["error"] else "", sev["error"], "错误"),
             ("warn" if sev["warning"] else "", sev["warning"], "警告"),
             ("", sev["info"], "提示")]
    if single:
        cards = [c for c in cards if c[2] in ("报告", "错误", "警告", "提示")]
    items = "".join(f'<div class="card {c}"><b>{n}</b><span>{esc(label)}</span></div>'
                    for c, n, label in cards)
    return f'<h2>概况</h2><div class="cards">{items}</div>'


def _charts(reports, findings) -> str:
    scores = [r.get("score_total") for r in reports if r.get("score_total") is not None]
    score_bins = []
    for lo, hi, label in SCORE_BINS:
        n = sum(1 for s in scores if (lo is None or s >= lo) and (hi is None or s < hi))
        score_bins.append((label, n))
    errors = [r.get("n_errors") or 0 for r in reports]
    top = max(errors, default=0)
    err_bins = [(str(k), errors.count(k)) for k in range(min(top, 4) + 1)]
    if top > 4:
        err_bins.append(("5+", sum(1 for e in errors if e >= 5)))
    rules: dict = {}
    for f in findings:
        if f.get("severity") in ("error", "warning"):
            rules[f.get("rule")] = rules.get(f.get("rule"), 0) + 1
    rule_bins = [(rule_title(r), n) for r, n in
                 sorted(rules.items(), key=lambda kv: (-kv[1], kv[0] or ""))[:10]]
    blocks = [
        ("总分分布（报告数）", bar_chart(score_bins, "#1f5fa8",
                                   empty="没有评分表总分") if scores else ""),
        ("每份报告的错误数（报告数）", bar_chart(err_bins, "#b00020") if reports else ""),
        ("错误和警告最多的检查（条数）", hbar_chart(rule_bins, "#8a5a00") if rule_bins else ""),
    ]
    html_blocks = "".join(f'<div class="chart"><h3>{esc(t)}</h3>{svg}</div>'
                          for t, svg in blocks if svg)
    return f'<h2>分布</h2><div class="charts">{html_blocks}</div>' if html_blocks else ""


def bar_chart(bins, colour, width=320, height=170, empty="") -> str:
    """Vertical bars with their count above and label below, as inline SVG."""
    top = max((n for _, n in bins), default=0)
    if not top:
        return f'<p class="none">{esc(empty)}</p>' if empty else ""
    left, bottom, pad = 8, 26, 18
    slot = (width - 2 * left) / max(len(bins), 1)
    bar = slot * 0.7
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-size="11" '
           f'font-family="sans-serif">',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" '
           f'y2="{height - bottom}" stroke="#9aa3b2"/>']
    for i, (label, n) in enumerate(bins):
        h = (height - bottom - pad) * n / top
        x = left + i * slot + (slot - bar) / 2
        y = height - bottom - h
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                   f'fill="{colour}"><title>{esc(label)}: {n}</title></rect>')
        out.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{n}</text>')
        out.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 15}" '
                   f'text-anchor="middle">{esc(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def hbar_chart(bins, colour, width=440, row=20) -> str:
    """Horizontal bars, one per label (long rule ids read better this way)."""
    top = max((n for _, n in bins), default=0) or 1
    label_w, height = 210, row * len(bins) + 6
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-size="11" '
           f'font-family="sans-serif">']
    for i, (label, n) in enumerate(bins):
        y = 3 + i * row
        w = (width - label_w - 40) * n / top
        out.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{esc(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
                   f'fill="{colour}"><title>{esc(label)}: {n}</title></rect>')
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{n}</text>')
    out.append("</svg>")
    return "".join(out)


def _report_list(reports, by_report, facts, single=False) -> str:
    ordered = sorted(reports, key=lambda r: (-(r.get("n_errors") or 0),
                                             -(r.get("n_warnings") or 0)))
    flagged = [r for r in ordered if by_report.get(r.get("report_id"))]
    clean = [r for r in ordered if not by_report.get(r.get("report_id"))]
    out = ["<h2>发现的问题</h2>" if single else "<h2>报告（按错误数排序）</h2>"]
    if not reports:
        out.append('<p class="none">没有读取到报告。</p>')
    for r in flagged:
        out.append(_report_block(r, by_report[r.get("report_id")], facts))
    if clean:
        rows = "".join(f"<tr><td class='path'>{esc(r.get('source_file'))}</td>"
                       f"<td>{esc(r.get('department'))}</td><td class='num'>{esc(r.get('year'))}</td>"
                       f"<td class='num'>{esc(_num(r.get('score_total')))}</td>"
                       f"<td>{esc(r.get('grade'))}</td></tr>" for r in clean)
        out.append(f"<h3>没有发现问题的报告（{len(clean)}）</h3><table><tr><th>源文件</th>"
                   f"<th>部门（单位）</th><th>年度</th><th>总分</th><th>等次</th></tr>{rows}</table>")
    return "\n".join(out)


def _report_block(r, findings, facts) -> str:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings = sorted(findings, key=lambda f: order.get(f.get("severity"), 3))
    counts = {s: sum(1 for f in findings if f.get("severity") == s) for s in SEVERITIES}
    badges = "".join(f'<span class="badge {s}">{esc(value_title("severity", s))} {n}</span>'
                     for s, n in counts.items() if n)
    details = [f"{r.get('year')}年" if r.get("year") is not None else "",
               f"总分 {_num(r.get('score_total'))}" if r.get("score_total") is not None else "",
               f"等次 {r.get('grade')}" if r.get("grade") else "",
               value_title("form", r.get("form")),
               f"数据 {facts.get(r.get('report_id'), 0)} 项",
               "部分读取" if r.get("status") == "partial" else ""]
    items = []
    for f in findings:
        sev = f.get("severity") or "info"
        loc = f.get("location")
        loc_html = ("<span class='loc'>位置：" + "；".join(
            f"<code>{esc(part.strip())}</code>" for part in loc.split(";") if part.strip())
            + "</span>") if loc else ""
        items.append(f"<li><span class='sev {esc(sev)}'>{esc(value_title('severity', sev))}</span>"
                     f"{esc(f.get('message'))}{loc_html}</li>")
    is_open = " open" if counts["error"] else ""
    return (f'<details class="report"{is_open}><summary><span class="file">'
            f'{esc(r.get("source_file"))}</span><span class="dept">{esc(r.get("department"))}'
            f'</span><span class="facts">{esc(" · ".join(d for d in details if d))}</span>'
            f'{badges}</summary><ol class="findings">{"".join(items)}</ol></details>')


def _problem_files(manifest, single=False) -> str:
    failed = [m for m in manifest if m.get("status") in ("failed", "partial")]
    skipped = [m for m in manifest if m.get("status") == "skipped"]
    if single and not failed and not skipped:
        return ""
    out = ["<h2>未能完整读取的文件</h2>"]
    if not failed and not skipped:
        out.append('<p class="none">所有文件都已读取。</p>')

    def table(rows):
        body = "".join(f"<tr><td class='path'>{esc(m.get('source_file'))}</td>"
                       f"<td>{esc(value_title('status', m.get('status')))}</td>"
                       f"<td>{esc(m.get('error'))}</td></tr>" for m in rows)
        return f"<table><tr><th>文件</th><th>状态</th><th>原因</th></tr>{body}</table>"

    if failed:
        out.append(f"<h3>失败或部分读取（{len(failed)}）</h3>" + table(failed))
    if skipped:
        out.append(f"<details><summary>跳过的文件（{len(skipped)}）：不是报告、重复或为空"
                   f"</summary>{table(skipped)}</details>")
    return "\n".join(out)


def _num(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)
