"""A text PDF with some pages replaced by scans of themselves (image-only pages).

    python -m samples.scan_pages SRC.pdf DST.pdf 2 6 [--dpi 200]

What a signed page or a scanned score sheet inserted into a Word-exported PDF looks like:
the other pages keep their text layer, the chosen pages are rendered (grey, at `dpi`),
stored as JPEG images the size of the page, and carry no text at all. Built with pdfium
alone (`import_pages`, `PdfImage.load_jpeg`), so the fixture needs nothing the parsers do
not already use.
"""
from __future__ import annotations

import argparse
import io

DPI = 200
JPEG_QUALITY = 85


def _page_jpeg(page, dpi: float) -> bytes:
    """The page rendered grey at `dpi`, as JPEG bytes (what a scanner hands over)."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    buf = io.BytesIO()
    bitmap.to_pil().convert("L").save(buf, format="JPEG", quality=JPEG_QUALITY,
                                      dpi=(dpi, dpi))
    return buf.getvalue()


def scan_pages(src: str, dst: str, pages, dpi: float = DPI) -> str:
    """Write `dst`: `src` with its 1-based `pages` replaced by image-only pages."""
    import pypdfium2 as pdfium
    wanted = {int(p) for p in pages}
    source = pdfium.PdfDocument(src)
    out = pdfium.PdfDocument.new()
    try:
        n = len(source)
        if not wanted <= set(range(1, n + 1)):
            raise ValueError(f"pages {sorted(wanted)} not all in 1..{n}")
        # the kept pages in one import, so their shared fonts are copied once
        out.import_pages(source, [i for i in range(n) if i + 1 not in wanted])
        for number in sorted(wanted):
            page = source[number - 1]
            try:
                width, height = page.get_size()
                data = _page_jpeg(page, dpi)
            finally:
                page.close()
            new = out.new_page(width, height, index=number - 1)
            image = pdfium.PdfImage.new(out)
            image.load_jpeg(io.BytesIO(data), inline=True)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            new.insert_obj(image)
            new.gen_content()
            new.close()
        out.save(dst)
    finally:
        out.close()
        source.close()
    return dst


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("pages", nargs="+", type=int, help="1-based pages to replace by scans")
    ap.add_argument("--dpi", type=float, default=DPI)
    args = ap.parse_args(argv)
    scan_pages(args.src, args.dst, args.pages, args.dpi)
    print(args.dst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
