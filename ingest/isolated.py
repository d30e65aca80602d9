"""One file at a time in a child process with a time limit, where `ingest.pool` cannot run.

A Dask worker is a daemonic process, and multiprocessing does not let those start
children; the per-file isolation of the local pool (a hang is killed at the time limit,
a crash fails one file, not the worker) is kept there by this module instead: a plain
`python -m ingest.isolated` child started with subprocess, fed tasks over a socket
(`multiprocessing.connection`), and replaced when it crashes or overruns. The child dies
with its parent: it watches a pipe the parent holds open, so a worker that is killed
takes its child with it even in the middle of a file.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection, Pipe

from .pool import _crash_reason, run_task

TIMEOUT_REASON = "处理超时（超过 {limit:g} 秒），已跳过；可用 --timeout 放宽时限后重新运行"


class Child:
    """A long-lived child process that processes the files it is sent, one at a time."""

    def __init__(self, process):
        self.process = process
        self.conn, child_end = Pipe(duplex=True)
        self.death_r, self.death_w = os.pipe()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        fds = (child_end.fileno(), self.death_r)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ingest.isolated", str(fds[0]), str(fds[1])],
            pass_fds=fds, env=env, start_new_session=True, stdin=subprocess.DEVNULL)
        child_end.close()
        os.close(self.death_r)
        self.conn.send(process)

    def run(self, task: tuple, timeout: float) -> tuple:
        """(meta, encoded rows) for task = (path, source_file, sha256)."""
        started = time.monotonic()
        try:
            self.conn.send(task)
            if self.conn.poll(timeout):
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        alive = self.proc.poll() is None
        self.close()
        if alive and time.monotonic() - started >= timeout:
            return failure(task[0], TIMEOUT_REASON.format(limit=timeout), "timeout", timeout), {}
        return failure(task[0], _crash_reason(self.proc.returncode), "crash", timeout), {}

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
        self.proc.wait()
        self.conn.close()
        try:
            os.close(self.death_w)
        except OSError:
            pass


def failure(path, reason: str, kind: str, timeout: float) -> dict:
    """The meta of a file whose processing did not finish, as the local pool records it."""
    try:
        from parsers.sniff import sniff
        fmt = sniff(path)
    except Exception:
        fmt = ""
    return {"status": "failed", "error": reason, "file_format": fmt, "report_id": "",
            "seconds": None, "pipeline_failure": kind, "timeout": timeout}


def _child_main(conn_fd: int, death_fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch():
        while os.read(death_fd, 1):
            pass
        os._exit(1)  # the parent is gone: stop, even mid-file

    threading.Thread(target=watch, name="jixiao-parent-watch", daemon=True).start()
    conn = Connection(conn_fd)
    try:
        process = conn.recv()
        while True:
            task = conn.recv()
            if task is None:
                return
            conn.send(run_task(process, *task))
    except (EOFError, OSError, KeyboardInterrupt):
        return


if __name__ == "__main__":
    _child_main(int(sys.argv[1]), int(sys.argv[2]))
