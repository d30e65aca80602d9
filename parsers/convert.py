"""Legacy files to Office Open XML with LibreOffice headless: word-processor files (.doc,
.wps, .rtf, .odt) to DOCX, spreadsheets (.xls, .ods) to XLSX.

Reading the binary Word format ourselves is a project of its own; LibreOffice already
does it well. Each call gets a private temporary folder holding a copy of the input, the
output and a private LibreOffice profile (`-env:UserInstallation`), so parallel workers
never share a profile (a shared one makes the second soffice exit silently). soffice runs
in its own process group with a time limit; on timeout the whole group is killed, since
the `soffice` launcher leaves `soffice.bin` running if only the launcher is killed.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .model import ParseError

SHEETS = {"xls", "ods"}
CONVERTIBLE = {"doc", "wps", "rtf", "odt"} | SHEETS
DEFAULT_TIMEOUT = 90.0
TIMEOUT_ENV = "JIXIAO_CONVERT_TIMEOUT"
PROGRAM_ENV = "JIXIAO_SOFFICE"
KNOWN_LOCATIONS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice program to run, or None when it is not installed."""
    configured = os.environ.get(PROGRAM_ENV)
    if configured:
        return shutil.which(configured) or (configured if os.path.isfile(configured) else None)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in KNOWN_LOCATIONS if os.path.isfile(p)), None)


def _timeout(timeout: float | None) -> float:
    if timeout is not None:
        return float(timeout)
    try:
        return float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def target_format(fmt: str) -> str:
    """What a file of format `fmt` is converted to: xlsx for spreadsheets, else docx."""
    return "xlsx" if fmt in SHEETS else "docx"


def to_docx(path: str, fmt: str, timeout: float | None = None) -> str:
    """Convert `path` (of format `fmt`) to DOCX, or to XLSX for a spreadsheet; return its path.

    The result sits directly in a new temporary folder that also holds the copy of the input
    and the LibreOffice profile; the caller removes that folder
    (`shutil.rmtree(os.path.dirname(result))`), or uses `converted()` which does.
    Raises ParseError with a one-line reason when LibreOffice is missing, times out or
    cannot read the file.
    """
    if fmt not in CONVERTIBLE:
        raise ParseError(f"不支持转换的格式：{fmt}")
    program = find_soffice()
    if program is None:
        raise ParseError(f"需要 LibreOffice (soffice) 才能读取 .{fmt} 文件，请安装 LibreOffice 后重试，"
                         f"或先用 Word/WPS/Excel 另存为 .{target_format(fmt)}")
    work = tempfile.mkdtemp(prefix="jixiao-convert-")
    try:
        return _convert(program, path, fmt, work, _timeout(timeout))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


@contextlib.contextmanager
def converted(path: str, fmt: str, timeout: float | None = None):
    """`with converted(path, fmt) as new_path:` — the temporary folder goes afterwards."""
    result = to_docx(path, fmt, timeout)
    try:
        yield result
    finally:
        shutil.rmtree(os.path.dirname(result), ignore_errors=True)


def _convert(program: str, path: str, fmt: str, work: str, timeout: float) -> str:
    src_dir = os.path.join(work, "src")
    os.mkdir(src_dir)
    # A fixed ASCII name: LibreOffice names the output after the input, and odd names
    # (spaces, '!', very long Chinese names) are where it stumbles.
    source = os.path.join(src_dir, "input." + fmt)
    shutil.copyfile(path, source)
    profile = Path(work, "profile").as_uri()
    target = target_format(fmt)
    cmd = [program, "--headless", "--norestore", "--nolockcheck", "--nodefault",
           f"-env:UserInstallation={profile}", "--convert-to", target, "--outdir", work, source]
    env = dict(os.environ, HOME=work)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ParseError(f"LibreOffice 转换 .{fmt} 文件超时（超过 {timeout:g} 秒），请用 Word/WPS/Excel 另存为 .{target} 后重试")
    except BaseException:
        _kill_group(proc)
        raise
    finally:
        _kill_group(proc, only_leftovers=True)
    result = os.path.join(work, "input." + target)
    if not os.path.isfile(result) or os.path.getsize(result) == 0:
        detail = _last_line(err) or _last_line(out) or f"exit code {proc.returncode}"
        raise ParseError(f"LibreOffice 无法读取该 .{fmt} 文件（{detail}），文件可能已损坏或有密码保护")
    return result


def _kill_group(proc: subprocess.Popen, only_leftovers: bool = False) -> None:
    """Kill soffice's process group (the launcher and soffice.bin), then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError, OSError):
        pass
    if not only_leftovers:
        with contextlib.suppress(Exception):
            proc.communicate(timeout=5)
    with contextlib.suppress(Exception):
        proc.wait(timeout=5)


def _last_line(data: bytes | None) -> str:
    lines = [ln.strip() for ln in (data or b"").decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln and "javaldx" not in ln]
    return lines[-1][:160] if lines else ""
