"""Find every input file: plain files, folders (recursively) and .zip archives (in place).

The promise is that no file vanishes silently: each file found becomes exactly one
`Entry`, either one to process (with its bytes on disk and their sha256) or one already
decided (`skipped`/`failed`) with a one-line reason. The order is deterministic (inputs
in the order given, folder contents and archive members sorted by name), because the
output tables follow it.

Archives are untrusted: a member name is never used as a path (members are extracted to
numbered files in a private temporary folder), and limits on member count, per-member and
total uncompressed size, and compression ratio stop zip bombs, checked both against the
sizes the archive declares and against the bytes actually produced. A truncated or
damaged archive yields one `failed` entry for itself, and whatever members can still be
read from their local headers are processed.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from parsers.sniff import sniff

from .names import display_path, is_unsafe_member
from .zipread import (CHUNK, MB, LimitExceeded, ZipMember, extract, mb, member_name,
                      office_package, salvage_all)

EMPTY_REASON = "文件为空（0 字节），已跳过"
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
SKIP_DIRS = {".git", ".svn", ".hg", "__pycache__", ".jixiao-cache"}


@dataclass(slots=True)
class Entry:
    """One file found. `status` is None when it is to be processed.

    The parent keeps one per file for the whole run, so it has slots, not a __dict__
    (about a third of the bytes): a run of many files is a list of these.
    """

    source_file: str
    path: Optional[str] = None
    size_bytes: Optional[int] = None
    sha256: str = ""
    status: Optional[str] = None
    error: str = ""
    file_format: str = ""
    unsafe_name: bool = False  # an archive member named like ../x or /x: never preferred


@dataclass
class Limits:
    """Guards against zip bombs and absurd archives (sizes in bytes, uncompressed)."""

    max_members: int = 20_000
    max_member_bytes: int = 512 * MB
    max_total_bytes: int = 4 * 1024 * MB
    max_ratio: float = 200.0
    ratio_min_bytes: int = 4 * MB  # small members may compress as well as they like
    max_depth: int = 3


class _Budget:
    """Uncompressed bytes still allowed for the whole run (shared across archives)."""

    def __init__(self, total: int):
        self.left = total


def junk_reason(name: str) -> Optional[str]:
    """Why a file with this path is clearly not an input (lock files, OS litter), or None."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    base = parts[-1] if parts else name
    if "__MACOSX" in parts[:-1] or base.startswith("._"):
        return "macOS 附带的资源文件（__MACOSX / ._ 开头），不是报告，已跳过"
    if base.startswith("~$"):
        return "Word/WPS 打开文档时生成的临时锁定文件（~$ 开头），不是报告，已跳过"
    if base.startswith(".~lock.") or (base.startswith("~WR") and base.lower().endswith(".tmp")):
        return "办公软件临时文件，不是报告，已跳过"
    if base in (".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini", "Desktop.ini"):
        return f"系统生成的文件（{base}），不是报告，已跳过"
    return None


def discover(inputs: Iterable[str], tmpdir: str, limits: Optional[Limits] = None,
             exclude: Iterable[str] = ()) -> Iterator[Entry]:
    """Yield one Entry per file found under `inputs`; archive members go to `tmpdir`.

    `exclude` lists folders not to search (the output folder, when it lies inside an
    input folder). A path given twice (or a file inside a folder also given) is listed
    once.
    """
    finder = _Finder(tmpdir, limits or Limits(), exclude)
    for given in inputs:
        yield from finder.visit(given)


class _Finder:
    def __init__(self, tmpdir: str, limits: Limits, exclude: Iterable[str]):
        self.tmpdir = tmpdir
        self.limits = limits
        self.budget = _Budget(limits.max_total_bytes)
        self.exclude = {os.path.realpath(p) for p in exclude}
        self.seen_files = set()
        self.seen_dirs = set()
        self.counter = 0
        self.members_dir = None
        self.shown = set()

    def _label(self, name: str) -> str:
        """`name`, made unique: two files may read alike (GBK and UTF-8 spellings of one
        name, the same member name twice in one archive)."""
        label, n = name, 2
        while label in self.shown:
            label, n = f"{name} ({n})", n + 1
        self.shown.add(label)
        return label

    def _folder(self) -> str:
        """This listing's own extraction folder (made on first use, unique per call)."""
        if self.members_dir is None:
            os.makedirs(self.tmpdir, exist_ok=True)
            self.members_dir = tempfile.mkdtemp(prefix="members-", dir=self.tmpdir)
        return self.members_dir

    # --- files and folders -------------------------------------------------------------

    def visit(self, given: str) -> Iterator[Entry]:
        if os.path.isdir(given):
            yield from self._walk(given)
        else:
            yield from self._file(given)

    def _walk(self, folder: str) -> Iterator[Entry]:
        real = os.path.realpath(folder)
        if real in self.exclude or real in self.seen_dirs:
            return
        self.seen_dirs.add(real)
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            yield Entry(self._label(display_path(folder)), status="failed",
                        error=f"无法读取文件夹（{exc.strerror or exc}），请检查权限")
            return
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isdir(path):
                if name not in SKIP_DIRS:
                    yield from self._walk(path)
            else:
                yield from self._file(path)

    def _file(self, path: str) -> Iterator[Entry]:
        real = os.path.realpath(path)
        if real in self.seen_files:
            return
        self.seen_files.add(real)
        shown = self._label(display_path(path))
        reason = junk_reason(path)
        if reason:
            yield Entry(shown, path=path, size_bytes=_size(path), status="skipped", error=reason)
            return
        try:
            st = os.stat(path)
        except OSError as exc:
            yield Entry(shown, status="failed", error=_stat_reason(path, exc))
            return
        if not stat.S_ISREG(st.st_mode):
            yield Entry(shown, status="skipped", error="不是普通文件（设备、管道等），已跳过")
            return
        if st.st_size == 0:
            yield Entry(shown, path=path, size_bytes=0, status="skipped", error=EMPTY_REASON,
                        file_format="empty")
            return
        try:
            digest = _sha256_file(path)
        except OSError as exc:
            yield Entry(shown, size_bytes=st.st_size, status="failed",
                        error=f"无法读取文件（{exc.strerror or exc}），请检查权限")
            return
        if _sniff(path) == "zip":
            yield from self._archive(path, shown, digest, st.st_size, depth=1)
        else:
            yield Entry(shown, path=path, size_bytes=st.st_size, sha256=digest)

    # --- archives ----------------------------------------------------------------------

    def _archive(self, path: str, display: str, digest: str, size: int,
                 depth: int, unsafe: bool = False) -> Iterator[Entry]:
        """Entries for the members of the zip at `path`, shown as `display!/member`."""
        lim = self.limits
        try:
            zf = zipfile.ZipFile(path)
            infos = [i for i in zf.infolist() if not i.is_dir()]
        except Exception as exc:  # any damage to the directory: salvage what we can
            salvaged = salvage_all(path, lim.max_members)
            if isinstance(exc, UnicodeDecodeError) and salvaged and \
                    all(m.complete for m in salvaged):
                # a tool set the UTF-8 flag on names it never converted (zipfile refuses
                # the whole archive): the archive is whole, its names are just not UTF-8
                salvaged.sort(key=lambda m: m.name)
                yield from self._members(salvaged, display, depth, unsafe)
                return
            kind = office_package(m.name for m in salvaged)
            if kind:  # a Word/Excel file cut before its main part: one file, not parts
                fmt = "zip" if kind == "Office" else kind.lower()
                yield Entry(display, path=path, size_bytes=size, sha256=digest,
                            status="failed", file_format=fmt,
                            error=f"{kind} 文件被截断或已损坏（{_brief(exc)}），无法读取；请重新导出或索取原件")
                return
            n_ok = sum(1 for m in salvaged if m.complete)
            yield Entry(display, path=path, size_bytes=size, sha256=digest, status="failed",
                        file_format="zip",
                        error=f"压缩包已损坏或不完整（{_brief(exc)}），已尽量读取其中 {n_ok} 个完整文件；"
                              f"请重新下载或重新压缩")
            yield from self._members(salvaged, display, depth, unsafe)
            return
        with zf:
            infos.sort(key=lambda i: member_name(i))
            if not infos:
                yield Entry(display, path=path, size_bytes=size, sha256=digest,
                            status="skipped", file_format="zip", error="压缩包中没有文件，已跳过")
                return
            if len(infos) > lim.max_members:
                yield Entry(display, path=path, size_bytes=size, sha256=digest,
                            status="failed", file_format="zip",
                            error=f"压缩包内文件过多（{len(infos)} 个，上限 {lim.max_members} 个），"
                                  f"只读取了前 {lim.max_members} 个；请拆分后分别导入")
                infos = infos[:lim.max_members]
            yield from self._members((ZipMember(zf, i) for i in infos), display, depth, unsafe)

    def _members(self, members, display: str, depth: int, unsafe: bool) -> Iterator[Entry]:
        for m in members:
            label = self._label(f"{display}!/{m.name}")
            bad_name = unsafe or is_unsafe_member(m.name)
            entry = self._member(m, label, depth, bad_name)
            if isinstance(entry, Entry):
                entry.unsafe_name = bad_name
                yield entry
            else:
                yield from entry

    def _member(self, m, label: str, depth: int, unsafe: bool):
        lim = self.limits
        fail = lambda reason, status="failed": Entry(label, size_bytes=m.size or None,
                                                    status=status, error=reason)
        reason = junk_reason(m.name)
        if reason:
            return fail(reason, "skipped")
        if m.encrypted:
            return fail("压缩包内的文件有密码保护，请提供未加密的压缩包或直接提供该文件")
        if m.symlink:
            return fail("压缩包内的符号链接，不是文件，已跳过", "skipped")
        if not m.complete:
            return fail("压缩包被截断，该文件不完整，无法读取；请重新下载或重新压缩")
        if m.size > lim.max_member_bytes:
            return fail(f"解压后过大（{mb(m.size)}，上限 {mb(lim.max_member_bytes)}），疑似压缩炸弹，已拒绝")
        if m.size > lim.ratio_min_bytes and m.size > lim.max_ratio * max(m.compressed, 1):
            return fail(f"压缩比异常（约 {m.size // max(m.compressed, 1)}:1），疑似压缩炸弹，已拒绝")
        if m.size > self.budget.left:
            return fail(f"本次导入的压缩包解压总量超过上限（{mb(lim.max_total_bytes)}），该文件未解压；请分批导入")
        self.counter += 1
        target = os.path.join(self._folder(), f"m{self.counter:06d}{_safe_suffix(m.name)}")
        cap = min(m.size, lim.max_member_bytes, self.budget.left)
        try:
            written, digest = extract(m, target, cap, lim, m.compressed)
        except LimitExceeded as exc:
            _unlink(target)
            return fail(str(exc))
        except Exception as exc:  # a damaged member fails alone, with the reason
            _unlink(target)
            if isinstance(exc, OSError) and exc.errno in DISK_FULL:
                raise  # no room for temporary files: the run cannot go on
            if isinstance(exc, NotImplementedError):
                return fail(f"压缩包内文件使用了不支持的压缩方法（{_brief(exc)}），请用标准 zip 重新压缩")
            return fail(f"压缩包内文件已损坏（{_brief(exc)}），请重新下载或重新压缩")
        self.budget.left -= written
        if written == 0:
            _unlink(target)
            return Entry(label, size_bytes=0, status="skipped", error=EMPTY_REASON,
                         file_format="empty")
        if _sniff(target) == "zip":
            if depth >= lim.max_depth:
                _unlink(target)
                return Entry(label, size_bytes=written, sha256=digest, status="skipped",
                             file_format="zip",
                             error=f"压缩包嵌套超过 {lim.max_depth} 层，未读取；请解压后导入")
            return self._archive(target, label, digest, written, depth + 1, unsafe)
        return Entry(label, path=target, size_bytes=written, sha256=digest)


# --- small helpers -------------------------------------------------------------------------

def _sniff(path: str) -> str:
    """sniff(), but a file it chokes on is simply not an archive: the worker will say why."""
    try:
        return sniff(path)
    except Exception:
        return "unknown"


def _stat_reason(path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "符号链接循环（链接最终又指回自己，找不到真正的文件），已记为失败"
    what = "链接指向的文件不存在" if os.path.islink(path) else "无法访问文件"
    return f"{what}（{exc.strerror or exc}）"


def _safe_suffix(name: str) -> str:
    ext = os.path.splitext(name.rsplit("/", 1)[-1])[1].lower()
    return ext if 1 < len(ext) <= 8 and ext[1:].isalnum() and ext.isascii() else ""


def _sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while True:
            block = fh.read(CHUNK)
            if not block:
                return h.hexdigest()
            h.update(block)


def _size(path: str) -> Optional[int]:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:100]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
