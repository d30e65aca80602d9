"""Convert the sample DOCX files to PDF with LibreOffice.

    python -m samples.export_pdf [DOCX_DIR] [PDF_DIR] [--only NAME ...]

writes `PDF_DIR/<name>.pdf` (default `samples/pdf/`) and beside it `<name>.expected.json`,
the DOCX twin's expected values with `"file"` pointing at the PDF. LibreOffice runs with a
private, throw-away profile (`-env:UserInstallation=...`), so several conversions can run at
once (CI, parallel tests) without fighting over `~/.config/libreoffice`.

PDF bytes are not reproducible (LibreOffice stamps dates and IDs); their text and layout are.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from samples import catalog
from samples.generate import HERE, expected_json

SOFFICE = os.environ.get('SOFFICE', 'soffice')


def soffice_convert(docx_files: list, outdir: Path, timeout: int = 900) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='jixiao-lo-') as profile:
        cmd = [SOFFICE, f'-env:UserInstallation=file://{profile}', '--headless', '--norestore',
               '--convert-to', 'pdf', '--outdir', str(outdir)] + [str(f) for f in docx_files]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if res.returncode != 0:
            raise RuntimeError(f'soffice failed ({res.returncode}): {res.stderr.strip()[:500]}')


def pdf_expected(docx_dir: Path, spec) -> str:
    """The DOCX twin's expected JSON with "file" updated (computed from the spec when the
    twin's file is not there)."""
    twin = docx_dir / f'{spec.name}.expected.json'
    if twin.exists():
        data = json.loads(twin.read_text(encoding='utf-8'))
        data['file'] = f'{spec.name}.pdf'
        return json.dumps(data, ensure_ascii=False, indent=1) + '\n'
    return expected_json(spec, f'{spec.name}.pdf')


def export_all(docx_dir: Path = HERE, pdf_dir: Path | None = None, only: list | None = None) -> list:
    if shutil.which(SOFFICE) is None:
        raise RuntimeError(f'{SOFFICE} not found: install LibreOffice or set SOFFICE')
    pdf_dir = pdf_dir or docx_dir / 'pdf'
    specs = [s for s in catalog.all_specs() if not only or s.name in only]
    docx_files = [docx_dir / s.docx_name for s in specs]
    missing = [f for f in docx_files if not f.exists()]
    if missing:
        raise FileNotFoundError(f'generate the DOCX files first: {missing[0]}')
    soffice_convert(docx_files, pdf_dir)
    out = []
    for s in specs:
        pdf = pdf_dir / f'{s.name}.pdf'
        if not pdf.exists():
            raise RuntimeError(f'soffice produced no {pdf}')
        (pdf_dir / f'{s.name}.expected.json').write_text(pdf_expected(docx_dir, s), encoding='utf-8')
        out.append(pdf)
    return out


def export_folder(folder: Path) -> list:
    """PDF twins of every DOCX in `folder` (a family's samples) into `folder/pdf/`, each
    with its DOCX twin's expected JSON, `"file"` pointing at the PDF."""
    docx_files = sorted(folder.glob('*.docx'))
    if not docx_files:
        return []
    pdf_dir = folder / 'pdf'
    soffice_convert(docx_files, pdf_dir)
    out = []
    for docx in docx_files:
        pdf = pdf_dir / f'{docx.stem}.pdf'
        if not pdf.exists():
            raise RuntimeError(f'soffice produced no {pdf}')
        data = json.loads((folder / f'{docx.stem}.expected.json').read_text(encoding='utf-8'))
        data['file'] = pdf.name
        (pdf_dir / f'{docx.stem}.expected.json').write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')
        out.append(pdf)
    return out


def main(argv: list | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('docx_dir', nargs='?', default=str(HERE))
    ap.add_argument('pdf_dir', nargs='?', default=None)
    ap.add_argument('--only', nargs='*')
    args = ap.parse_args(argv)
    docx_dir = Path(args.docx_dir)
    pdfs = export_all(docx_dir, Path(args.pdf_dir) if args.pdf_dir else None, args.only)
    print(f'exported {len(pdfs)} PDFs')
    return 0


if __name__ == '__main__':
    sys.exit(main())
