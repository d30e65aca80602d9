"""XLSX and HTML twins of the sample DOCX reports.

    python -m samples.export_twins [FOLDER]

For every `FOLDER/<name>.docx` (default `samples/`) that has `<name>.expected.json` beside
it, writes `FOLDER/xlsx/<name>.xlsx` and `FOLDER/html/<name>.html`, each with its
`<name>.expected.json`: the DOCX's expected values with `"file"` pointing at the twin.

The twins are built from the DOCX *as the DOCX reader reads it* (`parsers.docx.parse_docx`),
not from the generator's blocks: that document is exactly what the DOCX path hands to the
normalizers (Word numbering rendered as text, merges resolved, split tables kept split), so
any difference between a twin's rows and the DOCX's is a difference of the XLSX or HTML
reader, which is what the twins are there to catch. It also works on any DOCX, not only
generated ones. Layout: see `samples.sheet_writer`.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from parsers.docx import parse_docx
from samples.sheet_writer import html_page, workbook_bytes

HERE = Path(__file__).resolve().parent
FORMATS = ("xlsx", "html")


def twin_sources(folder: Path) -> list:
    """(docx, expected json) pairs of `folder`, sorted by name."""
    return [(d, d.with_name(d.stem + ".expected.json")) for d in sorted(folder.glob("*.docx"))
            if d.with_name(d.stem + ".expected.json").exists()]


def twin_expected(expected: Path, file_name: str) -> str:
    data = json.loads(expected.read_text(encoding="utf-8"))
    data["file"] = file_name
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def export_one(docx: Path, expected: Path, folder: Path) -> list:
    doc = parse_docx(str(docx))
    out = []
    for fmt in FORMATS:
        target_dir = folder / fmt
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{docx.stem}.{fmt}"
        if fmt == "xlsx":
            target.write_bytes(workbook_bytes([("报告", doc.blocks)]))
        else:
            target.write_bytes(html_page(doc.blocks, title=docx.stem).encode("utf-8"))
        (target_dir / f"{docx.stem}.expected.json").write_text(
            twin_expected(expected, target.name), encoding="utf-8")
        out.append(target)
    return out


def export_all(folder: Path = HERE) -> list:
    return [p for docx, exp in twin_sources(folder) for p in export_one(docx, exp, folder)]


def main(argv: list | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default=str(HERE))
    args = ap.parse_args(argv)
    written = export_all(Path(args.folder))
    print(f"wrote {len(written)} twins under {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
