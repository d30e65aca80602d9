"""Tell a file's real format from its bytes, never from its name.

People rename files, mail servers add `.docx` to PDFs, and download tools leave empty or
truncated files behind; the suffix is only used to break a tie the bytes cannot (a WPS
file is an OLE2 Word file inside). `sniff` reads a few kilobytes (plus the OLE2
directory or the zip's central directory), so it is cheap enough to run on every input.

Return values: docx, pdf, doc, wps, rtf, xlsx, xls, pptx, ppt, odt, ods, encrypted, zip,
rar, 7z, gzip, png, jpeg, gif, tiff, bmp, webp, html, xml, txt, empty, unknown.
"""
from __future__ import annotations

import os
import struct
import zipfile

HEAD_BYTES = 8192

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
IMAGE_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
ARCHIVE_MAGICS = (
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
)

IMAGES = {"png", "jpeg", "gif", "tiff", "bmp", "webp"}
SPREADSHEETS = {"xlsx", "xls", "ods"}
PRESENTATIONS = {"pptx", "ppt"}
OTHER_ARCHIVES = {"rar", "7z", "gzip"}


def sniff(path: str) -> str:
    """The real format of the file at `path` (see the module docstring for the values)."""
    size = os.path.getsize(path)
    if size == 0:
        return "empty"
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head.strip(b" \t\r\n\x00\x0b\x0c"):
        return "empty" if size <= len(head) else "unknown"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(path, head)
    if head.startswith(OLE2_MAGIC):
        return _sniff_ole2(path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    for magic, fmt in IMAGE_MAGICS + ARCHIVE_MAGICS:
        if head.startswith(magic):
            return fmt
    if head.startswith(b"BM") and len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return _sniff_text(head)


# --- zip-based formats ----------------------------------------------------------------

def _sniff_zip(path: str, head: bytes) -> str:
    try:
        zf = zipfile.ZipFile(path)
    except Exception:
        # No readable central directory (a truncated download): judge by the local
        # headers at the start, so a damaged DOCX still says it is a DOCX.
        with open(path, "rb") as fh:
            start = fh.read(LOCAL_SCAN_BYTES)
        return _zip_kind(_local_names(start), "", "")
    with zf:
        names = set(zf.namelist())
        kind = _zip_kind(names, "", "")
        if kind != "zip":  # the names decide: no need to read any member
            return kind
        # Renamed main parts and OpenDocument files are told by a small member; a
        # damaged one must not hide what the names already say.
        content_types = _small_member(zf, "[Content_Types].xml", 1024 * 1024)
        mimetype = _small_member(zf, "mimetype", 200)
    return _zip_kind(names, content_types, mimetype)


def _small_member(zf: zipfile.ZipFile, name: str, limit: int) -> str:
    try:
        info = zf.getinfo(name)
        if info.file_size > limit:
            return ""
        return zf.read(info).decode("utf-8", "replace")
    except Exception:
        return ""


def _zip_kind(names, content_types: str, mimetype: str) -> str:
    if "word/document.xml" in names or "wordprocessingml.document.main" in content_types:
        return "docx"
    if "xl/workbook.xml" in names or "spreadsheetml.sheet.main" in content_types:
        return "xlsx"
    if "ppt/presentation.xml" in names or "presentationml.presentation.main" in content_types:
        return "pptx"
    if mimetype.startswith("application/vnd.oasis.opendocument.text"):
        return "odt"
    if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if any(n.startswith("word/") for n in names) and "[Content_Types].xml" in names:
        return "docx"
    if any(n.startswith("xl/worksheets/") for n in names) or \
            (any(n.startswith("xl/") for n in names) and "[Content_Types].xml" in names):
        return "xlsx"  # a truncated workbook: its workbook.xml comes last
    return "zip"


LOCAL_SCAN_BYTES = 1024 * 1024


def _local_names(head: bytes) -> set:
    """Member names from the local file headers found in `head` (the file's first MB)."""
    names, pos = set(), 0
    while True:
        pos = head.find(b"PK\x03\x04", pos)
        if pos < 0 or pos + 30 > len(head):
            return names
        name_len = struct.unpack_from("<H", head, pos + 26)[0]
        names.add(head[pos + 30:pos + 30 + name_len].decode("utf-8", "replace"))
        pos += 4


# --- OLE2 compound files (.doc, .xls, .wps, encrypted OOXML) ---------------------------

def _sniff_ole2(path: str) -> str:
    try:
        ole = _Ole2(path)
        names = set(ole.streams)
    except Exception:  # a damaged directory: fall back to searching the raw bytes
        ole = None
        with open(path, "rb") as fh:
            raw = fh.read(16 * 1024 * 1024)
        names = {n for n in ("EncryptionInfo", "EncryptedPackage", "WordDocument",
                             "Workbook", "Book", "PowerPoint Document")
                 if n.encode("utf-16-le") in raw}
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "encrypted"
    if "WordDocument" in names:
        if ole is not None and _word_fib_encrypted(ole):
            return "encrypted"
        if path.lower().endswith(".wps") or any(n.lower().startswith("wps") for n in names):
            return "wps"
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    if path.lower().endswith(".wps"):
        return "wps"
    return "unknown"


ENDOFCHAIN = 0xFFFFFFFE
MAX_STEPS = 1 << 20


class _Ole2:
    """A small reader of [MS-CFB]: the stream directory and the head of a stream.

    Enough to tell a .doc from an .xls or an encrypted OOXML package and to read a Word
    FIB; it never reads whole streams. Malformed files raise (ValueError, struct.error).
    """

    def __init__(self, path: str):
        with open(path, "rb") as fh:
            self.data = data = fh.read()
        if len(data) < 512:
            raise ValueError("short header")
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):
            raise ValueError("bad sector size")
        self.ssize = 1 << shift
        self.mini_ssize = 1 << struct.unpack_from("<H", data, 32)[0]
        n_fat, first_dir = struct.unpack_from("<II", data, 44)
        self.mini_cutoff, first_minifat = struct.unpack_from("<II", data, 56)
        first_difat, n_difat = struct.unpack_from("<II", data, 68)

        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < ENDOFCHAIN]
        difat, seen = first_difat, 0
        while difat < ENDOFCHAIN and seen < n_difat and seen < MAX_STEPS:
            entries = struct.unpack(f"<{self.ssize // 4}I", self.sector(difat))
            fat_sectors.extend(s for s in entries[:-1] if s < ENDOFCHAIN)
            difat, seen = entries[-1], seen + 1
        self.fat = []
        for s in fat_sectors[:max(n_fat, 1)]:
            self.fat.extend(struct.unpack(f"<{self.ssize // 4}I", self.sector(s)))

        self.streams = {}
        for sec in self.chain(first_dir):
            block = self.sector(sec)
            for i in range(0, self.ssize, 128):
                entry = block[i:i + 128]
                name_len, kind = struct.unpack_from("<H", entry, 64)[0], entry[66]
                if kind in (1, 2, 5) and 2 <= name_len <= 64:
                    name = entry[:name_len - 2].decode("utf-16-le", "replace")
                    self.streams[name] = struct.unpack_from("<II", entry, 116)
                    if kind == 5:
                        self.root = self.streams[name]
        if not self.streams:
            raise ValueError("empty directory")
        self.first_minifat = first_minifat

    def sector(self, n: int) -> bytes:
        off = (n + 1) * self.ssize
        if off + self.ssize > len(self.data):
            raise ValueError("sector beyond end of file")
        return self.data[off:off + self.ssize]

    def chain(self, start: int):
        cur, steps = start, 0
        while cur < ENDOFCHAIN and steps < MAX_STEPS:
            if cur >= len(self.fat):
                raise ValueError("chain leaves the FAT")
            yield cur
            cur, steps = self.fat[cur], steps + 1

    def head(self, name: str, n: int) -> bytes:
        """The first `n` bytes (at most one sector) of stream `name`."""
        start, size = self.streams[name]
        if size >= self.mini_cutoff:
            return self.sector(start)[:min(n, size)]
        # Small streams live in the mini stream, itself stored in the root entry's chain.
        offset = start * self.mini_ssize
        container = list(self.chain(self.root[0]))
        sec = container[offset // self.ssize]
        inner = offset % self.ssize
        return self.sector(sec)[inner:inner + min(n, size, self.mini_ssize)]


def _word_fib_encrypted(ole: _Ole2) -> bool:
    """True when the Word binary file's FIB says fEncrypted or fObfuscated (a password)."""
    try:
        fib = ole.head("WordDocument", 12)
        ident, flags = struct.unpack_from("<H", fib, 0)[0], struct.unpack_from("<H", fib, 10)[0]
    except (ValueError, struct.error, IndexError, KeyError, AttributeError):
        return False
    return ident == 0xA5EC and bool(flags & 0x0100 or flags & 0x8000)


# --- text-like formats -------------------------------------------------------------------

# A page saved without <html> (a CMS fragment) still starts with one of these.
HTML_FRAGMENT_STARTS = ("<head", "<body", "<table", "<meta ", "<meta>", "<title")


def _is_mht(lead: str) -> bool:
    """A MIME web archive (.mht/.mhtml, Word's single file web page or a browser's)."""
    if lead.startswith("mime-version:"):
        return True
    headers = lead.split("\n\n", 1)[0].split("\r\n\r\n", 1)[0]
    return "mime-version:" in headers and ("multipart/related" in headers or "text/html" in headers)


def _sniff_text(head: bytes) -> str:
    text = None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "replace")
    elif b"\x00" not in head:
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = head.decode(enc)
                break
            except UnicodeDecodeError as exc:
                if exc.start >= len(head) - 4:  # a character cut at the end of the head
                    text = head[:exc.start].decode(enc, "replace")
                    break
    if text is None:
        return "unknown"
    lead = text.lstrip().lower()
    if lead.startswith(("<!doctype html", "<html")) or "<html" in lead[:1024] or \
            lead.startswith(HTML_FRAGMENT_STARTS) or _is_mht(lead[:2048]):
        return "html"
    if lead.startswith("<?xml"):
        return "html" if "<html" in lead[:2048] else "xml"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\x0c")
    return "txt" if controls <= len(text) // 100 else "unknown"


# --- reasons for people ---------------------------------------------------------------

def describe_unsupported(fmt: str, path: str) -> str:
    """One line telling a person why a file of format `fmt` is not read, and what to do."""
    ext = os.path.splitext(path)[1].lower() or "（无扩展名）"
    if fmt in IMAGES:
        return f"图片文件（{fmt.upper()}），不是可解析的报告；如为扫描件，请先 OCR 转为文字版 PDF 或 Word"
    if fmt in SPREADSHEETS:
        return f"电子表格文件（{fmt.upper()}），不是自评报告；请提供 Word（.docx/.doc）或 PDF 格式的报告"
    if fmt in PRESENTATIONS:
        return f"演示文稿文件（{fmt.upper()}），不是自评报告；请提供 Word 或 PDF 格式的报告"
    if fmt == "empty":
        return "文件为空（没有内容），请检查是否下载或复制完整后重试"
    if fmt == "encrypted":
        return "文件有密码保护，请提供未加密的版本"
    if fmt == "zip":
        return "压缩包中不是 Word 文档，请解压后提供其中的报告文件"
    if fmt in OTHER_ARCHIVES:
        return f"{fmt.upper()} 压缩包不能直接读取，请解压后重试，或改用 .zip 压缩"
    if fmt == "html":
        return "网页文件（HTML/MHT），不是 Word 或 PDF 报告；请用 Word 打开后另存为 .docx 再试"
    if fmt == "xml":
        return "XML 文件，不是 Word 或 PDF 报告；请用 Word 打开后另存为 .docx 再试"
    if fmt == "txt":
        return "纯文本文件，不含报告的表格；请提供 Word（.docx/.doc）或 PDF 格式的报告"
    if fmt == "odt":
        return "OpenDocument 文本（.odt），请用 WPS/Word 另存为 .docx 后重试"
    return f"无法识别的文件格式（扩展名 {ext}，内容不是 Word/PDF），文件可能已损坏；请提供 .docx、.doc 或 .pdf"
