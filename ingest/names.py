"""Printable names for files whose names are not valid UTF-8 text, or not printable.

Linux file names are bytes. Python hands undecodable bytes over as lone surrogates
(surrogateescape), which no UTF-8 writer accepts; zip members written on Chinese Windows
carry GBK names without the UTF-8 flag. Every table shows a name a person can read:

- valid UTF-8 stays as it is;
- otherwise GBK (CP936), if that decodes it into Chinese text, since that is how the
  person who made the file (on Chinese Windows) read it;
- otherwise each undecodable byte as `\\xHH`;
- control characters (newline, tab...) as `\\n`, `\\t`, `\\xHH`, so a name is one line.

The file itself is still opened by its real name; only the name shown changes.
"""
from __future__ import annotations

import os
import re

# characters GBK text is made of beyond ASCII: CJK ideographs, CJK and full-width
# punctuation, general punctuation (“”—…), Greek/Cyrillic/box drawing present in GB2312
_CHINESE = re.compile(r"[\u00b7\u2000-\u206f\u2460-\u24ff\u2500-\u257f\u3000-\u303f"
                      r"\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                      r"\ufe30-\ufe4f\uff00-\uffef]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def display_path(path: str) -> str:
    """The printable name of a path from the file system (str, maybe with surrogates)."""
    if path.isascii() and path.isprintable():
        return path
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # not from the file system: lone surrogates of another kind
        return _escape_controls(path)
    return "/".join(decode_name(part) for part in raw.split(b"/"))


def decode_name(raw: bytes, zip_member: bool = False) -> str:
    """Bytes of a name as a person reads them: UTF-8, else Chinese GBK, else escapes.

    `zip_member`: Windows tools write `\\` between folders; it becomes `/` (after
    decoding, since a GBK character's second byte may be 0x5C).
    """
    text = _decode(raw)
    if zip_member:
        text = text.replace("\\", "/")
    return _escape_controls(text)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gbk")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(c.isascii() or _reads_as_chinese(c) for c in text):
        return text
    return raw.decode("utf-8", "surrogateescape")


def _reads_as_chinese(c: str) -> bool:
    """A GBK character that is Chinese text and whose second byte is not ASCII: an
    accented Latin-1 letter before an ASCII one ("é" + "s") also decodes as GBK, but
    into a rare ideograph from the extension area, which a real name hardly uses."""
    return bool(_CHINESE.match(c)) and c.encode("gbk")[-1] >= 0x80


def printable(text: str) -> str:
    """Any string made safe for a UTF-8 writer and one line (see the module docstring)."""
    if not _CONTROL.search(text):
        return text
    if _has_escaped_bytes(text):  # a file-system name handed over with surrogateescape
        return display_path(text)
    return _escape_controls(text)


def is_unsafe_member(name: str) -> bool:
    """A zip member name that would point outside the folder it is unpacked into."""
    norm = name.replace("\\", "/")
    parts = norm.split("/")
    return norm.startswith("/") or ".." in parts or bool(re.match(r"^[A-Za-z]:", norm))


def _has_escaped_bytes(text: str) -> bool:
    """True when there are surrogates and all are ones surrogateescape makes (U+DC80..FF)."""
    found = False
    for c in text:
        if "\ud800" <= c <= "\udfff":
            if not "\udc80" <= c <= "\udcff":
                return False
            found = True
    return found


def _escape_controls(text: str) -> str:
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def _escape(c: str) -> str:
    if c in _NAMED:
        return _NAMED[c]
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
