"""Reading zip members: through zipfile, or salvaged from local headers when damaged.

A member yields its bytes in chunks (`chunks()`); `extract` streams them to a file while
checking the limits, so a member that lies about its size is stopped as it inflates.
Member names are decoded as a person reads them (`ingest.names`).
"""
from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
import zlib
from typing import Iterator

from .names import decode_name

CHUNK = 1024 * 1024
MB = 1024 * 1024


class LimitExceeded(Exception):
    pass


class ZipMember:
    """A member read through zipfile (the archive's central directory is intact)."""

    complete = True

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo):
        self.zf, self.info = zf, info
        self.name = member_name(info)
        self.size = info.file_size
        self.compressed = info.compress_size
        self.encrypted = bool(info.flag_bits & 0x1)
        self.symlink = stat.S_ISLNK(info.external_attr >> 16)

    def chunks(self) -> Iterator[bytes]:
        with self.zf.open(self.info) as fh:
            while True:
                block = fh.read(CHUNK)
                if not block:
                    return
                yield block


def extract(member, target: str, cap: int, lim, compressed: int):
    """Stream a member to `target`, stopping as soon as it exceeds what is allowed."""
    h, written = hashlib.sha256(), 0
    with open(target, "xb") as out:
        for block in member.chunks():
            written += len(block)
            if written > cap:
                raise LimitExceeded(
                    f"实际解压大小超过声明或上限（已超过 {mb(cap)}），疑似压缩炸弹，已拒绝")
            if written > lim.ratio_min_bytes and written > lim.max_ratio * max(compressed, 1):
                raise LimitExceeded(f"压缩比异常（超过 {lim.max_ratio:g}:1），疑似压缩炸弹，已拒绝")
            h.update(block)
            out.write(block)
    return written, h.hexdigest()


# --- salvaging a damaged archive from its local headers ---------------------------------

LOCAL_SIG = b"PK\x03\x04"


class _SalvagedMember:
    """A member found by walking local headers (no central directory to trust)."""

    symlink = False

    def __init__(self, path, name, flags, method, crc, compressed, size, offset, complete):
        self.path, self.name, self.flags, self.method = path, name, flags, method
        self.crc, self.compressed, self.size, self.offset = crc, compressed, size, offset
        self.complete = complete
        self.encrypted = bool(flags & 0x1)

    def chunks(self) -> Iterator[bytes]:
        if self.method not in (0, 8):
            raise NotImplementedError(f"compression method {self.method}")
        crc = 0
        with open(self.path, "rb") as fh:
            fh.seek(self.offset)
            left = self.compressed
            inflate = zlib.decompressobj(-15) if self.method == 8 else None
            while left > 0:
                raw = fh.read(min(CHUNK, left))
                if not raw:
                    raise EOFError("archive ends inside this member")
                left -= len(raw)
                block = inflate.decompress(raw, CHUNK * 4) if inflate else raw
                while True:
                    crc = zlib.crc32(block, crc)
                    yield block
                    if not inflate or not inflate.unconsumed_tail:
                        break
                    block = inflate.decompress(inflate.unconsumed_tail, CHUNK * 4)
            if inflate:
                block = inflate.flush()
                crc = zlib.crc32(block, crc)
                yield block
        if crc != self.crc:
            raise zipfile.BadZipFile("CRC check failed")


def salvage_all(path: str, max_members: int) -> list:
    """The members _salvage finds before anything stops it."""
    found = []
    try:
        for member in _salvage(path, max_members):
            found.append(member)
    except Exception:  # the damage that ended the walk is already the archive's reason
        pass
    return found


def _salvage(path: str, max_members: int) -> Iterator[_SalvagedMember]:
    """Members whose local header can be read, in archive order, marked complete or not.

    Members written with a data descriptor (sizes after the data) are measured by
    inflating them; anything that cannot be delimited ends the walk.
    """
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        pos, found = 0, 0
        while found < max_members:
            fh.seek(pos)
            header = fh.read(30)
            if len(header) < 30 or not header.startswith(LOCAL_SIG):
                return
            (flags, method, crc, csize, usize, nlen, xlen) = struct.unpack(
                "<6xHH4xIIIHH", header)
            raw_name = fh.read(nlen)
            if len(raw_name) < nlen:
                return
            name = decode_name(raw_name, zip_member=True)
            offset = pos + 30 + nlen + xlen
            found += 1
            if flags & 0x8:  # sizes follow the data: inflate to find the end
                measured = _measure_deflate(fh, offset) if method == 8 else None
                if measured is None:
                    yield _SalvagedMember(path, name, flags, method, 0, 0, 0, offset, False)
                    return
                csize, usize, crc, after = measured
                fh.seek(after)
                desc = fh.read(16)
                skip = 16 if desc.startswith(b"PK\x07\x08") else 12
                if len(desc) < skip:
                    yield _SalvagedMember(path, name, flags, method, crc, csize, usize, offset, False)
                    return
                crc = struct.unpack_from("<I", desc, 4 if skip == 16 else 0)[0]
                pos = after + skip
                if name.endswith("/"):
                    continue
                yield _SalvagedMember(path, name, flags, method, crc, csize, usize, offset, True)
                continue
            complete = offset + csize <= size
            if name.endswith("/"):
                pos = offset + csize
                continue
            yield _SalvagedMember(path, name, flags, method, crc, csize, usize, offset, complete)
            if not complete:
                return
            pos = offset + csize


def _measure_deflate(fh, offset: int):
    """(compressed, uncompressed, crc, end offset) of a deflate stream, or None if cut."""
    fh.seek(offset)
    inflate, consumed, produced, crc = zlib.decompressobj(-15), 0, 0, 0
    while not inflate.eof:
        raw = fh.read(CHUNK)
        if not raw:
            return None
        try:
            out = inflate.decompress(raw)
        except zlib.error:
            return None
        crc, produced = zlib.crc32(out, crc), produced + len(out)
        consumed += len(raw) - len(inflate.unused_data)
        if produced > 64 * 1024 * MB:
            return None
    return consumed, produced, crc, offset + consumed


# --- names and sizes ------------------------------------------------------------------

def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it (`ingest.names.decode_name`).

    zipfile decodes a name without the UTF-8 flag as cp437, which gives mojibake for the
    GBK names of archives made on Chinese Windows: recover the bytes and decode again.
    """
    if info.flag_bits & 0x800:
        raw = info.filename.encode("utf-8", "surrogateescape")
    else:
        try:
            raw = info.filename.encode("cp437")
        except UnicodeEncodeError:  # zipfile was told another encoding
            raw = info.filename.encode("utf-8", "surrogateescape")
    return decode_name(raw, zip_member=True)


OFFICE_PARTS = (("word/", "DOCX"), ("xl/", "XLSX"), ("ppt/", "PPTX"))
OFFICE_TOP = {"[Content_Types].xml", "_rels", "docProps", "customXml", "word", "xl", "ppt"}


def office_package(names) -> str:
    """"DOCX", "XLSX", "PPTX" (or "Office") when the member names are all parts of an
    Office document rather than files someone put in an archive, else ""."""
    names = [n for n in names if n]
    if not names or any(n.split("/", 1)[0] not in OFFICE_TOP for n in names):
        return ""
    for prefix, kind in OFFICE_PARTS:
        if any(n.startswith(prefix) for n in names):
            return kind
    return "Office"


def mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} 字节"
