"""Bulk import: find inputs, process them in worker processes, write the tables.

The rules this module keeps (the pool is `ingest.pool`, the tables are put together by
`ingest.assemble`):
- Every file found is one manifest row, whatever happened to it.
- A file that hangs, raises or kills its worker (crash, out of memory) fails alone, with
  the reason; the run goes on. Workers are long-lived processes, each holding at most one
  file; the parent knows which file each holds and since when, kills a worker that is past
  the time limit and starts a new one in its place.
- Workers write each result to the cache (`ingest.cache`) as it finishes; the parent keeps
  only small summaries. The output tables are streamed from the cache at the end, in
  input order (not completion order), a batch of rows at a time (memory flat in the
  number of files), and each is written atomically, so a run that is
  interrupted and rerun ends with the same bytes as a run that never stopped.
- Identical bytes are processed once; the other copies are `skipped` as duplicates
  (`ingest.duplicates`: the first in input order, plain names before hostile ones).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from typing import Callable, Optional

from .assemble import LOG_NAME, append_summary_to_log, summary_text, write_outputs
from . import run_info
from .cache import Cache, RunLock, code_version, entry_key
from .discover import Limits, discover
from .duplicates import duplicates, kept
from .names import display_path
from .outputs import DEFAULT_FORMATS, derived, parse_formats, write_derived
from .pool import DELAY_ENV, Pool
from .progress import Progress
from .schema import DATA_TABLES, SOURCE_TABLES

__all__ = ["run", "RunError", "RunSummary", "summary_text", "DEFAULT_TIMEOUT", "DELAY_ENV",
           "LOG_NAME", "WORKER_LOG", "DATA_TABLES", "SOURCE_TABLES"]

DEFAULT_TIMEOUT = 120.0
WORKER_LOG = "jixiao-workers.log"   # what worker processes printed (warnings, tracebacks)


class RunError(Exception):
    """The run itself could not complete (not a problem with one input file)."""


@dataclass
class RunSummary:
    out: str
    n_files: int = 0
    by_status: dict = field(default_factory=dict)
    n_reports: int = 0
    n_facts: int = 0
    findings: dict = field(default_factory=dict)
    n_processed: int = 0     # processed in this run
    n_reused: int = 0        # taken from the cache of an earlier run
    n_duplicates: int = 0
    seconds: float = 0.0
    log_path: str = ""
    files: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)          # rows written per table
    derived: dict = field(default_factory=dict)       # review/warehouse outputs written
    output_errors: list = field(default_factory=list)  # outputs that could not be written
    run_json: str = ""


def run(inputs, out: str, workers: Optional[int] = None, formats=DEFAULT_FORMATS,
        timeout: float = DEFAULT_TIMEOUT, quiet: bool = False, progress=None,
        process: Optional[Callable] = None, limits: Optional[Limits] = None,
        timings: bool = False, excel_csv: bool = False,
        options: Optional[dict] = None, batch_rows: Optional[int] = None,
        scheduler: Optional[str] = None) -> RunSummary:
    """Process every file under `inputs` into the tables in `out`.

    `process(path, source_file, sha256) -> dict` is the per-file function (default
    `ingest.worker.process_file`); it must be picklable (a module-level function).
    `progress` is called as progress(done, total, failed) after each file; when None, a
    rich progress bar is shown if stderr is a terminal and `quiet` is false.
    `timings` fills the manifest's `seconds` column (off by default: timings differ from
    run to run, and the tables are meant to be reproducible byte for byte).
    `formats` is any subset of `ingest.outputs.FORMATS`; `excel_csv` writes the CSV files
    for Excel (byte order mark, formula-like text neutralised). `options` is recorded in
    run.json as given (the command line's options). `batch_rows` is how many rows the
    parent converts and writes at a time (default `ingest.writers.BATCH_ROWS`); it bounds
    the parent's memory and never changes a byte. `scheduler` runs the files on a Dask
    cluster instead of local worker processes: a scheduler address (tcp://HOST:8786) or
    "local" for a `distributed.LocalCluster` of `workers` processes (`ingest.cluster`).
    """
    started, started_at = time.monotonic(), run_info.now()
    if process is None:
        from .worker import process_file as process
    formats = parse_formats(formats)
    target, out = _output_folder(out)
    os.makedirs(out, exist_ok=True)
    lock = RunLock(out)
    if not lock.acquire():
        raise RunError(f"另一个 jixiao run 正在写入 {out}，请等它结束后再运行")
    try:
        cache = Cache(out, code_version(process))
        cache.prune_other_versions()
        _remove_stale_temp(cache.root)
        tmp = tempfile.mkdtemp(prefix="tmp-", dir=cache.root)
        try:
            summary = _run(inputs, out, cache, tmp, workers, formats, timeout, quiet,
                           progress, process, limits, timings, excel_csv, batch_rows,
                           scheduler)
        finally:
            _collect_worker_logs(os.path.join(tmp, "work"), os.path.join(out, WORKER_LOG))
            shutil.rmtree(tmp, ignore_errors=True)
        summary.seconds = round(time.monotonic() - started, 2)
        opts = dict(options or {}, inputs=[display_path(str(i)) for i in inputs], formats=list(formats),
                    workers=workers, timeout=timeout, timings=timings, excel_csv=excel_csv,
                    scheduler=scheduler)
        info = run_info.build(summary, opts, started_at, run_info.now(), summary.derived,
                              summary.output_errors, summary.rows)
        summary.run_json = run_info.write(out, info)
        append_summary_to_log(summary)
        if target:
            from .remote import upload
            upload(out, target)
            summary.out = target
    finally:
        lock.release()
    return summary


def _output_folder(out: str) -> tuple:
    """(URL to upload to or None, local folder to write): OUT URLs are staged locally."""
    from .remote import is_url, local_path, staging_folder

    out = local_path(str(out))
    if is_url(out):
        return out, staging_folder(out)
    return None, out


def _run(inputs, out, cache, tmp, workers, formats, timeout, quiet, progress, process,
         limits, timings, excel_csv=False, batch_rows=None, scheduler=None) -> RunSummary:
    from .remote import StagedInputs

    staged = StagedInputs(inputs, os.path.join(tmp, "remote"))  # URLs: copied, then renamed
    entries = list(discover(staged.local, os.path.join(tmp, "archives"), limits, exclude=[out]))
    urls = staged.rename(entries)
    dup_of = duplicates(entries)

    have = cache.keys()
    n_kept, todo = 0, array("l")
    for i in kept(entries, dup_of):
        n_kept += 1
        key = entry_key(entries[i].sha256, entries[i].source_file)
        if key not in have or not _reusable(cache, key, timeout):
            todo.append(i)
    del have
    summary = RunSummary(out=out, n_files=len(entries), n_duplicates=len(dup_of))
    summary.n_reused = n_kept - len(todo)
    summary.n_processed = len(todo)

    with Progress(len(todo), quiet, progress) as bar:
        if scheduler:
            from .cluster import ClusterPool
            pool = ClusterPool(process, cache, tmp, workers, timeout, scheduler, urls)
        else:
            pool = Pool(process, cache, tmp, workers, timeout)
        pool.run(Tasks(entries, todo), bar.advance)
        del pool, todo, urls
        for e in entries:   # what the workers read from; the tables need only the names
            e.path = None
        bar.phase("writing tables")
        # the derived outputs read the tables back from Parquet: OUT's, or a private copy
        # when Parquet is not among the formats asked for
        private = None
        if derived(formats) and "parquet" not in formats:
            private = os.path.join(tmp, "tables")
            os.makedirs(private)
        write_outputs(out, entries, dup_of, cache, formats, summary, timings, excel_csv,
                      private, batch_rows)
        del entries
        if derived(formats):
            from .tables import ParquetSource  # pyarrow: only in the parent, at the end
            bar.phase("writing review outputs")
            context = {"summary": summary, "excel_csv": excel_csv}
            summary.derived, summary.output_errors = write_derived(
                out, formats, ParquetSource(private or out), context)
    return summary


class Tasks:
    """The files to process, as (index, path, source_file, sha256, cache key) tuples.

    A pool takes them one at a time; the parent stores only their indexes (an array of
    machine integers) and makes each tuple when it is handed out, so nothing per file
    is held twice while the files are processed.
    """

    def __init__(self, entries: list, indexes):
        self.entries, self.indexes = entries, indexes

    def __len__(self) -> int:
        return len(self.indexes)

    def __iter__(self):
        for i in self.indexes:
            e = self.entries[i]
            yield i, e.path, e.source_file, e.sha256, entry_key(e.sha256, e.source_file)


def _reusable(cache: Cache, key: str, timeout: float) -> bool:
    """A cached result counts unless it was a timeout under a shorter limit than now."""
    meta = cache.meta(key)
    if meta is None:
        return False
    return not (meta.get("pipeline_failure") == "timeout" and meta.get("timeout", 0) < timeout)


def _collect_worker_logs(work: str, target: str) -> None:
    """Gather the workers' output files into one log (removed when there is nothing)."""
    chunks = []
    if os.path.isdir(work):
        for name in sorted(os.listdir(work)):
            if name.endswith(".log"):
                with open(os.path.join(work, name), "rb") as fh:
                    data = fh.read()
                if data.strip():
                    chunks.append(data if data.endswith(b"\n") else data + b"\n")
    if chunks:
        with open(target, "wb") as fh:
            fh.write(b"".join(chunks))
    elif os.path.exists(target):
        os.unlink(target)


def _remove_stale_temp(root: str) -> None:
    """Temp folders of runs that were killed (we hold the lock, so none is in use)."""
    for name in os.listdir(root):
        if name.startswith("tmp-"):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
