"""A scanned PDF and an encrypted PDF end as `failed` with their reasons; the run goes on."""
import csv
import os
import shutil

from PIL import Image, ImageDraw
from reportlab.pdfgen import canvas

from ingest.pipeline import run
from tests.conftest import SAMPLES


def scan(path):
    img = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(img).rectangle([50, 60, 550, 70], fill=0)
    png = str(path) + ".png"
    img.save(png)
    c = canvas.Canvas(str(path))
    c.drawImage(png, 0, 0, 595, 842)
    c.showPage()
    c.save()
    os.unlink(png)


def encrypted(path):
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 720, "report")
    c.showPage()
    c.save()


def test_scan_and_encrypted_are_failed_with_reasons(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("keji-2021.pdf", "caizheng-2020.pdf"):
        shutil.copy(os.path.join(SAMPLES, "pdf", name), inp / name)
    scan(inp / "scan.pdf")
    encrypted(inp / "locked.pdf")
    out = tmp_path / "out"
    summary = run([str(inp)], str(out), workers=1, quiet=True)
    rows = {os.path.basename(r["source_file"]): r
            for r in csv.DictReader(open(out / "manifest.csv", encoding="utf-8"))}
    assert set(rows) == {"keji-2021.pdf", "caizheng-2020.pdf", "scan.pdf", "locked.pdf"}
    assert rows["scan.pdf"]["status"] == "failed" and "没有文字层" in rows["scan.pdf"]["error"]
    assert rows["locked.pdf"]["status"] == "failed" and "已加密" in rows["locked.pdf"]["error"]
    assert rows["keji-2021.pdf"]["status"] == "ok" and rows["caizheng-2020.pdf"]["status"] == "ok"
    reports = list(csv.DictReader(open(out / "reports.csv", encoding="utf-8")))
    assert len(reports) == 2
    log = open(out / "jixiao.log", encoding="utf-8").read()
    assert "scan.pdf" in log and "locked.pdf" in log
    assert summary.n_files == 4
