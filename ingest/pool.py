"""The worker pool: long-lived worker processes fed one file at a time.

A file that hangs, raises or kills its worker (crash, out of memory) fails alone, with
the reason; the run goes on. Each worker holds at most one file; the parent knows which
file each holds and since when, kills a worker that is past the time limit and starts a
new one in its place. Workers store each result in the cache (`ingest.cache`) as it
finishes and report only its status to the parent.
"""
from __future__ import annotations

import faulthandler
import gc
import os
import signal
import tempfile
import threading
import time
import multiprocessing as mp
from multiprocessing.connection import wait as mp_wait

from .cache import Cache
from .rows import encode_result
from .schema import DATA_TABLES

RECYCLE_AFTER = 2000  # a fresh worker now and then bounds slow leaks; its start costs ~1 s
DELAY_ENV = "JIXIAO_DEBUG_DELAY"   # test hook: seconds each worker sleeps before a file
# Test hook: a folder of token files; a worker takes (deletes) one before each file and
# waits while there is none, so a test decides exactly how many files a run may finish
# before it is interrupted, whatever the machine's speed.
GATE_ENV = "JIXIAO_DEBUG_GATE"
# test hook: a worker given a file whose name ends with HOLD_NAME_ENV's value writes its
# pid to the file named by HOLD_ENV and waits there, so a test can kill a real worker
# in the middle of a file without guessing which process that is, or when
HOLD_ENV, HOLD_NAME_ENV = "JIXIAO_DEBUG_HOLD", "JIXIAO_DEBUG_HOLD_NAME"


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


class Pool:
    """Long-lived worker processes fed one file at a time; hangs and crashes are contained."""

    def __init__(self, process, cache: Cache, tmp: str, workers, timeout: float):
        self.process, self.cache, self.timeout = process, cache, float(timeout)
        self.n_workers = max(1, workers or _cpu_count())
        self.args = (process, cache.dir, os.path.join(tmp, "work"), self.timeout)
        os.makedirs(self.args[2], exist_ok=True)

    def run(self, tasks, advance) -> None:
        """Process `tasks` (a sized iterable of task tuples, taken one at a time)."""
        left = len(tasks)
        if not left:
            return
        ctx = _context()
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload([getattr(self.process, "__module__", "") or "ingest.worker"])
        queue, back = iter(tasks), []   # back: tasks a dead idle worker handed back
        slots = []
        try:
            while left or any(s.task for s in slots):
                while len(slots) < min(self.n_workers, left + sum(1 for s in slots if s.task)):
                    slots.append(_Slot(ctx, self.args))
                for s in slots:
                    if s.task is None and left:
                        task = back.pop() if back else next(queue)
                        left -= 1
                        try:
                            s.assign(task)
                        except OSError:  # died while idle: put the task back, replace it
                            back.append(task)
                            left += 1
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
    gate = os.environ.get(GATE_ENV)
    cache = Cache.__new__(Cache)
    cache.dir = cache_dir
    frozen = False
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
        if gate:
            _pass_gate(gate)
        _hold_if_asked(source_file)
        meta, blobs = run_task(process, path, source_file, sha)
        try:
            cache.store(key, meta, blobs)
        except Exception as exc:  # disk trouble: record, do not vanish
            meta = _unsaved(meta, exc)
            cache.store(key, meta, {})
        try:
            conn.send((idx, meta["status"]))
        except (OSError, EOFError):
            return
        if not frozen:
            # What the first file loaded (label tables, compiled rules, styles) lives as
            # long as the worker: keep it out of every later garbage collection.
            gc.freeze()
            frozen = True


def _pass_gate(folder: str) -> None:
    """Take one token from `folder` (GATE_ENV), waiting for one to appear."""
    while True:
        for name in sorted(os.listdir(folder)):
            try:
                os.unlink(os.path.join(folder, name))
                return
            except FileNotFoundError:  # another worker took it first
                continue
        time.sleep(0.02)


def run_task(process, path, source_file, sha):
    """(meta, encoded rows) of one file: the unit of work of every scheduler."""
    meta, tables = _process_one(process, path, source_file, sha)
    try:
        return meta, encode_result(tables)
    except Exception as exc:  # a value that cannot be pickled: record, do not vanish
        return _unsaved(meta, exc), {}


def _unsaved(meta: dict, exc: BaseException) -> dict:
    return dict(meta, status="failed", report_id="",
                error=f"结果无法保存（{type(exc).__name__}: {exc}）"[:200])


def _hold_if_asked(source_file: str) -> None:
    """The HOLD_ENV test hook: announce this worker's pid, then wait to be killed."""
    marker, name = os.environ.get(HOLD_ENV), os.environ.get(HOLD_NAME_ENV)
    if not (marker and name and source_file.endswith(name)):
        return
    tmp = f"{marker}.{os.getpid()}.tmp"
    with open(tmp, "w") as fh:
        fh.write(str(os.getpid()))
    os.replace(tmp, marker)  # the test never reads a half-written pid
    while True:
        time.sleep(1)


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
