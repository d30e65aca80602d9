"""Bulk import: find inputs, process them in worker processes, write the tables.

The rules this module keeps:
- Every file found is one manifest row, whatever happened to it.
- A file that hangs, raises or kills its worker (crash, out of memory) fails alone, with
  the reason; the run goes on. Workers are long-lived processes, each holding at most one
  file; the parent knows which file each holds and since when, kills a worker that is past
  the time limit and starts a new one in its place.
- Workers write each result to the cache (`ingest.cache`) as it finishes; the parent keeps
  only small summaries. The output tables are assembled from the cache at the end, in
  input order (not completion order), and each is written atomically, so a run that is
  interrupted and rerun ends with the same bytes as a run that never stopped.
- Identical bytes are processed once; later copies are `skipped` as duplicates.
"""
from __future__ import annotations

import faulthandler
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import multiprocessing as mp
from multiprocessing.connection import wait as mp_wait
from dataclasses import dataclass, field
from typing import Callable, Optional

from .cache import Cache, RunLock, code_version, entry_key
from .discover import Limits, discover

DEFAULT_TIMEOUT = 120.0
RECYCLE_AFTER = 2000  # a fresh worker now and then bounds slow leaks; its start costs ~1 s
DELAY_ENV = "JIXIAO_DEBUG_DELAY"   # test hook: seconds each worker sleeps before a file
LOG_NAME = "jixiao.log"
WORKER_LOG = "jixiao-workers.log"   # what worker processes printed (warnings, tracebacks)
DATA_TABLES = ("reports", "facts", "scores", "indicators", "budget_execution", "sections",
               "discrepancies")
SOURCE_TABLES = ("reports", "discrepancies")  # rows carrying source_file


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


def run(inputs, out: str, workers: Optional[int] = None, formats=("csv", "parquet"),
        timeout: float = DEFAULT_TIMEOUT, quiet: bool = False, progress=None,
        process: Optional[Callable] = None, limits: Optional[Limits] = None,
        timings: bool = False) -> RunSummary:
    """Process every file under `inputs` into the tables in `out`.

    `process(path, source_file, sha256) -> dict` is the per-file function (default
    `ingest.worker.process_file`); it must be picklable (a module-level function).
    `progress` is called as progress(done, total, failed) after each file; when None, a
    rich progress bar is shown if stderr is a terminal and `quiet` is false.
    `timings` fills the manifest's `seconds` column (off by default: timings differ from
    run to run, and the tables are meant to be reproducible byte for byte).
    """
    started = time.monotonic()
    if process is None:
        from .worker import process_file as process
    formats = tuple(formats)
    unknown = [f for f in formats if f not in ("csv", "parquet")]
    if unknown or not formats:
        raise ValueError(f"unknown output format(s): {unknown or formats}")
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
                           progress, process, limits, timings)
        finally:
            _collect_worker_logs(os.path.join(tmp, "work"), os.path.join(out, WORKER_LOG))
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        lock.release()
    summary.seconds = round(time.monotonic() - started, 2)
    _append_summary_to_log(summary)
    return summary


def _run(inputs, out, cache, tmp, workers, formats, timeout, quiet, progress, process,
         limits, timings) -> RunSummary:
    entries = list(discover(inputs, os.path.join(tmp, "archives"), limits, exclude=[out]))

    first_by_sha, dup_of, keys = {}, {}, {}
    for i, e in enumerate(entries):
        if e.status is not None:
            continue
        if e.sha256 in first_by_sha:
            dup_of[i] = first_by_sha[e.sha256]
        else:
            first_by_sha[e.sha256] = i
            keys[i] = entry_key(e.sha256, e.source_file)

    have = cache.keys()
    todo = [i for i, k in keys.items() if k not in have or not _reusable(cache, k, timeout)]
    summary = RunSummary(out=out, n_files=len(entries), n_duplicates=len(dup_of))
    summary.n_reused = len(keys) - len(todo)
    summary.n_processed = len(todo)

    tasks = [(i, entries[i].path, entries[i].source_file, entries[i].sha256, keys[i])
             for i in todo]
    with _Progress(len(tasks), quiet, progress) as bar:
        _Pool(process, cache, tmp, workers, timeout).run(tasks, bar.advance)
        bar.phase("writing tables")
        manifest = _manifest(entries, keys, dup_of, cache, timings)
        _write_outputs(out, entries, keys, manifest, cache, formats, summary)
    return summary


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


# --- assembling the output -------------------------------------------------------------

def _manifest(entries, keys, dup_of, cache: Cache, timings: bool) -> list:
    metas = {i: (cache.meta(k) or _lost_meta()) for i, k in keys.items()}
    rows = []
    for i, e in enumerate(entries):
        row = {"source_file": e.source_file, "sha256": e.sha256 or None, "status": e.status,
               "report_id": None, "error": e.error or None, "file_format": e.file_format or None,
               "size_bytes": e.size_bytes, "duplicate_of": None, "seconds": None}
        if i in metas:
            m = metas[i]
            row.update(status=m["status"], error=m.get("error") or None,
                       file_format=m.get("file_format") or None,
                       report_id=m.get("report_id") or None,
                       seconds=m.get("seconds") if timings else None)
        elif i in dup_of:
            first = entries[dup_of[i]]
            row.update(status="skipped", duplicate_of=first.source_file,
                       file_format=metas[dup_of[i]].get("file_format") or None,
                       error=f"与 {first.source_file} 内容完全相同（重复文件），已跳过")
        rows.append(row)
    return rows


def _lost_meta() -> dict:
    return {"status": "failed", "error": "处理结果丢失（内部错误），请重新运行"}


def _write_outputs(out, entries, keys, manifest, cache: Cache, formats, summary) -> None:
    from .writers import write_table  # pandas: imported only where tables are written

    has_rows = [(i, k) for i, k in sorted(keys.items())
                if manifest[i]["status"] in ("ok", "partial") and manifest[i]["report_id"]]
    for table in DATA_TABLES:
        rows = []
        for i, key in has_rows:
            part = cache.rows(key, table)
            if table in SOURCE_TABLES:
                for r in part:
                    r["source_file"] = entries[i].source_file
            rows.extend(part)
        if table == "reports":
            summary.n_reports = len(rows)
        elif table == "facts":
            summary.n_facts = len(rows)
        elif table == "discrepancies":
            for r in rows:
                sev = r.get("severity") or "info"
                summary.findings[sev] = summary.findings.get(sev, 0) + 1
        summary.files[table] = write_table(out, table, rows, formats)
        del rows
    for row in manifest:
        summary.by_status[row["status"]] = summary.by_status.get(row["status"], 0) + 1
    summary.files["manifest"] = write_table(out, "manifest", manifest, formats)
    summary.log_path = _write_log(out, manifest)


def _write_log(out: str, manifest: list) -> str:
    """OUT/jixiao.log: one line per failed/skipped/partial file, with its reason."""
    path = os.path.join(out, LOG_NAME)
    lines = [f"{r['status']}\t{r['source_file']}\t{r['error'] or ''}" for r in manifest
             if r["status"] in ("failed", "skipped", "partial")]
    fd, tmp = tempfile.mkstemp(prefix="." + LOG_NAME + ".", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(line.replace("\n", " ") + "\n" for line in lines))
    os.replace(tmp, path)
    return path


def _append_summary_to_log(summary: RunSummary) -> None:
    if summary.log_path:
        with open(summary.log_path, "a", encoding="utf-8") as fh:
            fh.write(summary_text(summary) + "\n")


def summary_text(s: RunSummary) -> str:
    """A few lines a person reads after a run."""
    st = s.by_status
    findings = ", ".join(f"{k} {s.findings[k]}" for k in ("error", "warning", "info")
                         if s.findings.get(k)) or "none"
    return "\n".join([
        f"files found: {s.n_files} (ok {st.get('ok', 0)}, partial {st.get('partial', 0)}, "
        f"failed {st.get('failed', 0)}, skipped {st.get('skipped', 0)}; "
        f"duplicates {s.n_duplicates})",
        f"processed now: {s.n_processed}, reused from earlier runs: {s.n_reused}, "
        f"time: {s.seconds:.1f} s",
        f"reports: {s.n_reports}, facts: {s.n_facts}, findings: {findings}",
        f"output: {os.path.abspath(s.out)} (manifest.csv lists every file; reasons in {LOG_NAME})",
    ])


# --- progress ---------------------------------------------------------------------------

class _Progress:
    """A rich progress bar on a terminal, a callback, or nothing."""

    def __init__(self, total: int, quiet: bool, callback):
        self.total, self.callback, self.done, self.failed = total, callback, 0, 0
        self.bar = self.task = None
        if callback is None and not quiet and total and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeRemainingColumn)
            self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                                MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]} files/s"),
                                TimeRemainingColumn(),
                                TextColumn("[red]failed {task.fields[failed]}"),
                                console=Console(stderr=True), transient=False)
        self.started = time.monotonic()

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task("jixiao", total=self.total, rate="-", failed=0)
        return self

    def phase(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=f"jixiao: {text}")

    def advance(self, status: str) -> None:
        self.done += 1
        self.failed += status == "failed"
        if self.callback is not None:
            self.callback(self.done, self.total, self.failed)
        elif self.bar is not None:
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f}", failed=self.failed)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


# --- the worker pool ---------------------------------------------------------------------

def _context():
    methods = mp.get_all_start_methods()
    method = os.environ.get("JIXIAO_START_METHOD") or (
        "forkserver" if "forkserver" in methods else "spawn")
    return mp.get_context(method)


class _Slot:
    def __init__(self, ctx, args):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child,) + args, daemon=True)
        self.proc.start()
        child.close()
        self.task = None
        self.started = 0.0
        self.n_done = 0

    def assign(self, task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self, kill: bool) -> None:
        if kill:
            _kill(self.proc)
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(5)
            if self.proc.is_alive():
                _kill(self.proc)
        self.conn.close()
        self.proc.join()


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker leads its own process group
    except (ProcessLookupError, PermissionError, AttributeError, OSError):
        pass
    proc.kill()


class _Pool:
    """Long-lived worker processes fed one file at a time; hangs and crashes are contained."""

    def __init__(self, process, cache: Cache, tmp: str, workers, timeout: float):
        self.process, self.cache, self.timeout = process, cache, float(timeout)
        self.n_workers = max(1, workers or _cpu_count())
        self.args = (process, cache.dir, os.path.join(tmp, "work"), self.timeout)
        os.makedirs(self.args[2], exist_ok=True)

    def run(self, tasks: list, advance) -> None:
        if not tasks:
            return
        ctx = _context()
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload([getattr(self.process, "__module__", "") or "ingest.worker"])
        queue = list(reversed(tasks))
        slots = []
        try:
            while queue or any(s.task for s in slots):
                while len(slots) < min(self.n_workers, len(queue) + sum(1 for s in slots if s.task)):
                    slots.append(_Slot(ctx, self.args))
                for s in slots:
                    if s.task is None and queue:
                        try:
                            s.assign(queue.pop())
                        except OSError:  # died while idle: put the task back, replace it
                            queue.append(s.task)
                            s.task = None
                self._wait(slots, advance, ctx)
        finally:
            for s in slots:
                s.stop(kill=True)

    def _wait(self, slots, advance, ctx) -> None:
        now = time.monotonic()
        busy = [s for s in slots if s.task]
        limit = min((s.started + self.timeout - now for s in busy), default=0.5)
        objs = [s.conn for s in slots] + [s.proc.sentinel for s in slots]
        ready = set(mp_wait(objs, timeout=max(0.0, min(limit, 0.5))))
        for s in list(slots):
            dead = s.proc.sentinel in ready
            if s.conn in ready:
                try:
                    idx, status = s.conn.recv()
                except (EOFError, OSError):
                    dead = True
                else:
                    if s.task and s.task[0] == idx:
                        s.task, s.n_done = None, s.n_done + 1
                        advance(status)
            if dead or not s.proc.is_alive():
                s.proc.join(1)
                if s.task:
                    advance(self._fail(s.task, _crash_reason(s.proc.exitcode), "crash"))
                    s.task = None
                s.stop(kill=True)
                slots.remove(s)
            elif s.task and time.monotonic() - s.started > self.timeout:
                s.stop(kill=True)
                advance(self._fail(s.task, f"处理超时（超过 {self.timeout:g} 秒），已跳过；"
                                           f"可用 --timeout 放宽时限后重新运行", "timeout"))
                slots.remove(s)
            elif s.task is None and s.n_done >= RECYCLE_AFTER:
                s.stop(kill=False)
                slots.remove(s)

    def _fail(self, task, reason: str, kind: str) -> str:
        """Record a file the worker could not finish, as the worker would have.

        Returns the status recorded. If the worker had stored its result before it died
        (killed between storing and reporting), that result stands: a task is only ever
        given out when no reusable result exists, so anything there now is this run's.
        """
        idx, path, source_file, sha, key = task
        done = self.cache.meta(key)
        if done is not None and not done.get("pipeline_failure"):
            return done["status"]
        try:
            from parsers.sniff import sniff
            fmt = sniff(path)
        except Exception:
            fmt = ""
        meta = {"status": "failed", "error": reason, "file_format": fmt, "report_id": "",
                "seconds": None, "pipeline_failure": kind, "timeout": self.timeout}
        self.cache.store(key, meta, {})
        return "failed"


def _crash_reason(code) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = "，可能内存不足" if -code == getattr(signal, "SIGKILL", 9) else ""
        return f"处理该文件时工作进程崩溃（{name}{hint}），已记为失败；请单独检查该文件"
    return f"处理该文件时工作进程意外退出（exit code {code}），已记为失败；请单独检查该文件"


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- inside a worker process ---------------------------------------------------------------

def _worker_main(conn, process, cache_dir: str, work: str, timeout: float) -> None:
    """Take (idx, path, source_file, sha, key) tasks until told to stop or orphaned."""
    _harden_worker(work, timeout)
    delay = float(os.environ.get(DELAY_ENV) or 0)
    cache = Cache.__new__(Cache)
    cache.dir = cache_dir
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        idx, path, source_file, sha, key = task
        if delay:
            time.sleep(delay)
        meta, tables = _process_one(process, path, source_file, sha)
        try:
            cache.store(key, meta, tables)
        except Exception as exc:  # unpicklable rows, disk trouble: record, do not vanish
            meta = dict(meta, status="failed", report_id="",
                        error=f"结果无法保存（{type(exc).__name__}: {exc}）"[:200])
            cache.store(key, meta, {})
        try:
            conn.send((idx, meta["status"]))
        except (OSError, EOFError):
            return


def _process_one(process, path, source_file, sha):
    started = time.perf_counter()
    try:
        result = process(path, source_file, sha)
    except (Exception, SystemExit) as exc:  # process_file catches its own; a safety net
        text = " ".join(str(exc).split())[:160]
        result = {"status": "failed", "error": f"{type(exc).__name__}: {text}".rstrip(": ")}
    tables = result.get("tables") or {}
    status = result.get("status") if result.get("status") in ("ok", "partial", "failed", "skipped") \
        else "failed"
    meta = {"status": status, "error": " ".join(str(result.get("error") or "").split()),
            "file_format": result.get("file_format") or "",
            "report_id": result.get("report_id") or "",
            "seconds": result.get("seconds", round(time.perf_counter() - started, 4))}
    if status in ("ok", "partial") and not meta["report_id"]:
        meta.update(status="failed", error=meta["error"] or "内部错误：没有报告编号")
    return meta, {name: tables[name] for name in DATA_TABLES if tables.get(name)}


def _harden_worker(work: str, timeout: float) -> None:
    """Set up a worker: own process group, no Ctrl-C, private temp, die with the run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.setpgid(0, 0)
    except (AttributeError, OSError):
        pass
    _die_with_parent()
    folder = tempfile.mkdtemp(prefix=f"w{os.getpid()}-", dir=work)
    # Library chatter (pdfminer warnings, a segfault's traceback) goes to a file, not
    # through the progress bar; the parent gathers these into OUT/jixiao-workers.log.
    log = os.open(os.path.join(work, f"w{os.getpid()}.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    for fd in (1, 2):
        os.dup2(log, fd)
    os.close(log)
    faulthandler.enable()
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder
    os.environ.setdefault("JIXIAO_CONVERT_TIMEOUT", f"{max(5.0, timeout * 0.8):g}")


def _die_with_parent() -> None:
    """Exit the moment the run's process goes away, even in the middle of a file.

    Killing `jixiao run` (kill -9) closes its end of the parent sentinel pipe; a worker
    left running would keep writing results for a dead run, racing the rerun that
    replaces it. (With forkserver the OS parent is the server, so PR_SET_PDEATHSIG
    would not see the run die; the sentinel does, for every start method.)
    """
    parent = mp.parent_process()
    if parent is None:
        return

    def watch():
        mp_wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="jixiao-parent-watch", daemon=True).start()
