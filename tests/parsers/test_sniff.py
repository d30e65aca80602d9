"""sniff() tells formats from bytes; describe_unsupported() gives one actionable line."""
from __future__ import annotations

import struct

import pytest

from parsers.sniff import describe_unsupported, sniff
from tests.conftest import docx_bytes, zip_bytes

ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def make_cfb(streams: dict) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors, no mini stream).

    Sector 0 is the FAT, then the directory, then each stream in consecutive sectors.
    Streams shorter than 4096 bytes are padded so that they live in regular sectors.
    """
    ss = 512
    names = list(streams)
    n_dir = (len(names) + 1 + 3) // 4
    fat = [FATSECT] + [i + 2 if i < n_dir - 1 else ENDOFCHAIN for i in range(n_dir)]
    entries, body, nxt = [("Root Entry", 5, ENDOFCHAIN, 0)], b"", 1 + n_dir
    for name in names:
        data = streams[name].ljust(4096, b"\0")
        n = -(-len(data) // ss)
        fat += [nxt + k + 1 if k < n - 1 else ENDOFCHAIN for k in range(n)]
        entries.append((name, 2, nxt, len(data)))
        body += data.ljust(n * ss, b"\0")
        nxt += n
    assert len(fat) <= 128
    fat += [FREESECT] * (128 - len(fat))
    directory = b""
    for i, (name, kind, start, size) in enumerate(entries):
        raw = name.encode("utf-16-le") + b"\0\0"
        child = 1 if kind == 5 and len(entries) > 1 else FREESECT
        right = i + 1 if 0 < i < len(entries) - 1 else FREESECT
        directory += struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, FREESECT,
                                 right, child, b"\0" * 16, 0, 0, 0, start, size)
    directory = directory.ljust(n_dir * ss, b"\0")
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                         b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096,
                         ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<109I", *([0] + [FREESECT] * 108))
    return header + struct.pack("<128I", *fat) + directory + body


def word_fib(flags: int = 0) -> bytes:
    return struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, flags) + b"\0" * 5000


CASES = {
    "report.docx": (lambda: docx_bytes(), "docx"),
    "report_named.pdf": (lambda: docx_bytes(), "docx"),
    "truncated.docx": (lambda: docx_bytes()[:4000], "docx"),
    "real.pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf"),
    "pdf_named.docx": (lambda: b"%PDF-1.4\n" + b"x" * 100, "pdf"),
    "pdf_after_junk.pdf": (lambda: b"\r\n" * 200 + b"%PDF-1.4\n", "pdf"),
    "legacy.doc": (lambda: make_cfb({"WordDocument": word_fib(), "1Table": b"t"}), "doc"),
    "legacy_named.docx": (lambda: make_cfb({"WordDocument": word_fib()}), "doc"),
    "kingsoft.wps": (lambda: make_cfb({"WordDocument": word_fib()}), "wps"),
    "locked.doc": (lambda: make_cfb({"WordDocument": word_fib(0x0100)}), "encrypted"),
    "obfuscated.doc": (lambda: make_cfb({"WordDocument": word_fib(0x8000)}), "encrypted"),
    "sheet.xls": (lambda: make_cfb({"Workbook": b"\x09\x08"}), "xls"),
    "slides.ppt": (lambda: make_cfb({"PowerPoint Document": b"p"}), "ppt"),
    "protected.docx": (lambda: make_cfb({"EncryptionInfo": b"\x04\x00\x04\x00",
                                         "EncryptedPackage": b"\x00" * 64}), "encrypted"),
    "letter.rtf": (lambda: b"{\\rtf1\\ansi\\ansicpg936 hello}", "rtf"),
    "sheet.xlsx": (lambda: zip_bytes({"[Content_Types].xml": "<Types/>",
                                      "xl/workbook.xml": "<workbook/>"}), "xlsx"),
    "slides.pptx": (lambda: zip_bytes({"ppt/presentation.xml": "<p/>"}), "pptx"),
    "text.odt": (lambda: zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text",
                                    "content.xml": "<x/>"}), "odt"),
    "bundle.zip": (lambda: zip_bytes({"a/b.docx": docx_bytes()}), "zip"),
    "bundle_named.docx": (lambda: zip_bytes({"a.txt": "x"}), "zip"),
    "scan.png": (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "png"),
    "scan_named.docx": (lambda: b"\xff\xd8\xff\xe0" + b"\0" * 50, "jpeg"),
    "anim.gif": (lambda: b"GIF89a" + b"\0" * 20, "gif"),
    "scan.tif": (lambda: b"II*\x00" + b"\0" * 20, "tiff"),
    "paint.bmp": (lambda: b"BM" + struct.pack("<I", 80) + b"\0\0\0\0" + b"\0" * 70, "bmp"),
    "pic.webp": (lambda: b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 10, "webp"),
    "archive.rar": (lambda: b"Rar!\x1a\x07\x01\x00" + b"\0" * 20, "rar"),
    "archive.7z": (lambda: b"7z\xbc\xaf\x27\x1c" + b"\0" * 20, "7z"),
    "page.htm": (lambda: "<!DOCTYPE html><html><body>报告</body></html>".encode(), "html"),
    "saved.doc": (lambda: "<html xmlns:w='urn:schemas-microsoft-com:office:word'>".encode(), "html"),
    "web.mht": (lambda: b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "html"),
    "data.xml": (lambda: b'<?xml version="1.0"?><root/>', "xml"),
    "notes.txt": (lambda: "2021年度部门整体支出绩效评价自评报告\n".encode("utf-8"), "txt"),
    "notes_gbk.txt": (lambda: "部门（单位）名称：某某局\n".encode("gb18030") * 3, "txt"),
    "empty.docx": (lambda: b"", "empty"),
    "blank.docx": (lambda: b" \r\n\t\x00\x00", "empty"),
    "noise.docx": (lambda: bytes(range(256)) * 8, "unknown"),
    "garbage.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600, "unknown"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sniff(tmp_path, name):
    make, expected = CASES[name]
    path = tmp_path / name
    path.write_bytes(make())
    assert sniff(str(path)) == expected


def test_ole2_reader_reads_a_stream_head(tmp_path):
    """(Mini-stream reading is checked on a real LibreOffice .doc in test_convert.)"""
    from parsers.sniff import _Ole2
    data = make_cfb({"WordDocument": word_fib(0x0100)})
    path = tmp_path / "x.doc"
    path.write_bytes(data)
    assert _Ole2(str(path)).head("WordDocument", 2) == b"\xec\xa5"


@pytest.mark.parametrize("fmt", ["png", "jpeg", "xlsx", "xls", "pptx", "empty", "encrypted",
                                 "zip", "rar", "html", "xml", "txt", "odt", "unknown"])
def test_describe_unsupported_is_one_line(fmt):
    reason = describe_unsupported(fmt, "/x/报告.docx")
    assert reason and "\n" not in reason and len(reason) < 120


def test_describe_unsupported_says_what_to_do():
    assert "OCR" in describe_unsupported("png", "a.png")
    assert "密码" in describe_unsupported("encrypted", "a.docx")
    assert "电子表格" in describe_unsupported("xlsx", "a.xlsx")
    assert "空" in describe_unsupported("empty", "a.docx")
    assert ".docx" in describe_unsupported("unknown", "a.docx")
