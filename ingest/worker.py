"""One file in, its rows out: the unit of work the pipeline runs in worker processes.

`process_file` never raises for bad input: whatever goes wrong with one file becomes its
status and a one-line reason, so the pipeline can account for every file.
"""
from __future__ import annotations

import os
import time
import traceback

import parsers
from parsers.model import NotAReport, ParseError
import normalizers


VANISHED = "文件在导入过程中被删除或移走，未能读取；请确认文件仍在后重新运行"


def report_id_for(sha256: str) -> str:
    """Stable id: the same bytes give the same id."""
    return sha256[:16]


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, ParseError) else f"{type(exc).__name__}: {text}"


def _worst_status(reports) -> str:
    return "partial" if any(r.status == "partial" for r in reports) else "ok"


def _merged_tables(reports) -> dict:
    """The rows of every report of one file, table by table, in document order."""
    tables: dict = {}
    for report in reports:
        for name, rows in report.to_tables().items():
            tables.setdefault(name, []).extend(rows)
    return tables


def process_file(path: str, source_file: str, sha256: str) -> dict:
    """Parse, normalize and reconcile one file.

    Returns {"status", "error", "file_format", "report_id", "seconds", "tables"} where
    tables maps output table names (reports, facts, scores, indicators, sections,
    discrepancies) to lists of row dicts.
    """
    started = time.perf_counter()
    rid = report_id_for(sha256)
    result = {"status": "failed", "error": "", "file_format": "", "report_id": "",
              "tables": {}, "seconds": 0.0}
    try:
        result["file_format"] = parsers.sniff(path)
        doc = parsers.parse(path, fmt=result["file_format"])
        reports = normalizers.read_reports(doc, report_id=rid, source_file=source_file)
        if not reports:
            result.update(status="skipped", error=normalizers.Report.not_a_report_reason())
        else:
            result.update(status=_worst_status(reports), error=reports[0].status_reason,
                          report_id=reports[0].report_id, tables=_merged_tables(reports))
    except NotAReport as exc:
        result.update(status="skipped", error=one_line(exc))
    except ParseError as exc:
        result.update(status="failed", error=one_line(exc))
    except FileNotFoundError as exc:
        result.update(status="failed", error=VANISHED if not os.path.lexists(path)
                      else one_line(exc))
    except Exception as exc:  # one bad file must never stop the run: record and go on
        result.update(status="failed", error=one_line(exc),
                      traceback=traceback.format_exc(limit=5))
    result["seconds"] = round(time.perf_counter() - started, 4)
    return result
