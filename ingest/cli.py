"""The `jixiao` command: `run` for bulk import, `show` for a person checking one file.

Exit status of `run`: 0 whenever every input was accounted for in the manifest (even if
reports failed or have discrepancies); 1 when the run could not complete; 2 for usage
errors (click's own); 130 when interrupted (rerun the same command to resume).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
import tempfile

import click

# Arrow's allocator for this process: jemalloc gives back the memory of each batch and
# row group written; pyarrow's default (mimalloc) kept it, 40-60 MB more at the peak of a
# run of 2,000-8,000 files (bench/scale_bench.py, docs/scale.md). Arrow reads this once,
# when pyarrow is imported: so here, before anything imports it. A pool the user chose
# is kept; Windows wheels have no jemalloc.
if sys.platform != "win32":
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")

from . import pipeline  # noqa: E402
from .outputs import FORMATS, parse_formats


def _formats(ctx, param, value) -> tuple:
    try:
        return parse_formats(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc))


def _inputs(ctx, param, value) -> tuple:
    """Paths that exist, or fsspec URLs (s3://..., memory://...) that do."""
    from .remote import exists

    for item in value:
        try:
            found = exists(item)
        except (ImportError, ValueError, OSError) as exc:
            raise click.BadParameter(f"{item!r}: {exc}")
        if not found:
            raise click.BadParameter(f"{item!r} 不存在")
    return value


@click.group()
def main():
    """Turn 绩效自评报告 (DOCX/PDF/DOC) into CSV/Parquet tables."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, callback=_inputs)
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False),
              help="Output folder (created if missing; rerun with the same folder to resume).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of CPU cores).")
@click.option("--format", "formats", default=",".join(FORMATS), callback=_formats,
              show_default=True,
              help="Outputs to write, comma-separated: " + ", ".join(FORMATS) + " (or all).")
@click.option("--excel-csv", is_flag=True,
              help="CSV files for Excel: UTF-8 with a byte order mark, and text that Excel "
                   "would run as a formula (=, +, -, @ at the start) prefixed with '.")
@click.option("--timeout", type=click.FloatRange(min=1), default=pipeline.DEFAULT_TIMEOUT,
              show_default=True, help="Seconds allowed per file before it is marked failed.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--timings", is_flag=True,
              help="Fill manifest.seconds (makes the manifest differ from run to run).")
@click.option("--no-ocr", is_flag=True,
              help="Do not OCR scans: a PDF without a text layer is failed, an image skipped.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Process the files on the Dask cluster at ADDRESS (tcp://HOST:8786); "
                   "needs jixiao[dask] on every worker. See docs/scale.md.")
@click.option("--dask", "local_dask", is_flag=True,
              help="Process the files on a Dask LocalCluster of --workers processes.")
def run(inputs, out, workers, formats, timeout, quiet, timings, excel_csv, no_ocr, scheduler,
        local_dask):
    """Read every report under INPUT... (files, folders, .zip) into tables in OUT."""
    signal.signal(signal.SIGTERM, _interrupt)
    if no_ocr:  # read by parsers.image in every worker (they inherit the environment)
        os.environ["JIXIAO_OCR"] = "off"
    if scheduler and local_dask:
        raise click.UsageError("--scheduler 与 --dask 只能选一个")
    if scheduler or local_dask:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.ClickException("Dask 未安装：pip install 'jixiao[dask]'")
    try:
        summary = pipeline.run(list(inputs), out, workers=workers, formats=formats,
                               timeout=timeout, quiet=quiet, timings=timings,
                               excel_csv=excel_csv, options={"command": sys.argv[1:]},
                               scheduler=scheduler or ("local" if local_dask else None))
    except KeyboardInterrupt:
        click.echo("\n已中断。重新运行同一命令即可继续，已完成的文件不会重做。", err=True)
        sys.exit(130)
    except pipeline.RunError as exc:
        raise click.ClickException(str(exc))
    except OSError as exc:
        raise click.ClickException(f"运行无法完成：{exc}")
    if not quiet:
        click.echo(pipeline.summary_text(summary))
    if summary.output_errors:
        for line in summary.output_errors:
            click.echo(line, err=True)
        sys.exit(1)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@main.command()
@click.argument("file")
def show(file):
    """Print what jixiao reads from one FILE (also `archive.zip!/inner/file.docx`)."""
    from rich.console import Console
    from rich.table import Table

    from .schema import columns

    console = Console(soft_wrap=True)  # long paths and messages stay whole for copying
    tmp = tempfile.mkdtemp(prefix="jixiao-show-")
    try:
        path, source = _locate(file, tmp)
        from .worker import process_file
        with open(path, "rb") as fh:
            sha = hashlib.sha256(fh.read()).hexdigest()
        result = process_file(path, source, sha)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    tables = result.get("tables") or {}
    console.print(f"[bold]{source}[/bold]", highlight=False)
    console.print(f"format: {result.get('file_format') or '?'}   status: "
                  f"[{_colour(result['status'])}]{result['status']}[/]   "
                  f"time: {result.get('seconds', 0):.2f} s", highlight=False)
    if result.get("error"):
        console.print(f"reason: {result['error']}", highlight=False)
    order = columns("reports")
    for report in tables.get("reports", []):
        grid = Table(show_header=False, box=None, pad_edge=False)
        keys = [k for k in order if k in report] + [k for k in report if k not in order]
        for key in keys:
            if report[key] not in (None, "") and key != "source_file":
                grid.add_row(f"[dim]{key}[/dim]", str(report[key]))
        console.print(grid)
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items() if name != "reports")
    if counts:
        console.print(f"rows: {counts}", highlight=False)
    findings = tables.get("discrepancies", [])
    if findings:
        console.print(f"[bold]discrepancies ({len(findings)})[/bold]")
        for f in findings:
            sev = f.get("severity") or "info"
            console.print(f"  [{_colour(sev)}]{sev:<7}[/] {f.get('rule') or ''}", highlight=False)
            console.print(f"          {f.get('message') or ''}", highlight=False)
            if f.get("location"):
                console.print(f"          [dim]at {f['location']}[/dim]", highlight=False)
    elif tables.get("reports"):
        console.print("discrepancies: none")
    if result["status"] not in ("ok", "partial"):
        sys.exit(1)  # a file that was not read is not a pass


@main.command()
@click.argument("file")
@click.option("--html", "html_out", type=click.Path(dir_okay=False),
              help="Also write the findings as a self-contained HTML page.")
def check(file, html_out):
    """Check one report before submitting it: what was read, every finding and its cell.

    Exit status 0 when there is no error, 1 when there are errors, 3 when FILE could not
    be read as a report.
    """
    from . import check as checker

    tmp = tempfile.mkdtemp(prefix="jixiao-check-")
    try:
        path, source = _locate(file, tmp)
        result = checker.read(path, source)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for line in checker.text_report(result, source):
        click.echo(line)
    if html_out:
        click.echo(f"网页：{checker.html_report(result, source, html_out)}")
    sys.exit(checker.exit_status(result))


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@click.option("--to", "target", required=True,
              help="postgresql://USER@HOST/DB or duckdb:PATH")
@click.option("--schema", default=None, help="PostgreSQL schema (default public).")
def load(out, target, schema):
    """Load the tables of a run's OUT folder into PostgreSQL or a DuckDB warehouse.

    The reports of the years in OUT (and the same reports loaded before) are replaced,
    with all their rows; other years stay. One transaction: on failure nothing changes.
    """
    from .load import LoadError, load as load_run

    try:
        result = load_run(out, target, schema=schema)
    except (LoadError, ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc))
    except Exception as exc:  # the database's own error, in one line
        raise click.ClickException(f"载入失败，数据库未改动：{type(exc).__name__}: "
                                   f"{' '.join(str(exc).split())[:300]}")
    years = "、".join(map(str, result.years)) or "无"
    rows = ", ".join(f"{t} {n}" for t, n in result.rows.items())
    click.echo(f"已载入 {result.target}（run_id {result.run_id}）：年度 {years}；"
               f"替换了 {result.replaced_reports} 份已有报告\n{rows}")


def _locate(file: str, tmp: str):
    """(path on disk, name to show) for a file or an `archive.zip!/member` path."""
    if os.path.isfile(file):
        return file, file
    if "!/" in file:
        from .discover import discover
        archive = file.split("!/", 1)[0]
        if os.path.isfile(archive):
            for entry in discover([archive], tmp):
                if entry.source_file == file:
                    if entry.status is not None:
                        raise click.ClickException(f"{file}: {entry.error}")
                    return entry.path, file
            raise click.ClickException(f"{file}: 压缩包中没有这个文件")
    raise click.ClickException(f"{file}: 文件不存在")


def _colour(status) -> str:
    return {"ok": "green", "partial": "yellow", "failed": "red", "skipped": "dim",
            "error": "red", "warning": "yellow", "info": "blue"}.get(status or "", "white")


if __name__ == "__main__":
    main()
