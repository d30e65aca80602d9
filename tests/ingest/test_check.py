"""`jixiao check FILE`: Chinese report of one file, every finding with its cell; exit 1 on
errors, 0 without, 3 for a file that is not a report."""
import os
import subprocess
import sys

from tests.conftest import ROOT, SAMPLES


def check(*args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "ingest.cli", "check", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def test_seed_report_has_errors_with_cells(tmp_path):
    page = tmp_path / "keji.html"
    proc = check(os.path.join(SAMPLES, "keji-2021.docx"), "--html", str(page))
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "年度：2021" in out and "总分：95.9" in out and "等次：优" in out
    assert "发现 3 个错误、1 个警告" in out
    assert "基本支出 795.52 与人员支出、公用支出之和 792.52" in out
    assert "位置：表1第16行第3列; 表1第16行第4列; 表1第16行第5列" in out
    assert "检查：基本支出与人员支出、公用支出之和" in out
    assert "请改正后再提交" in out
    html = page.read_text(encoding="utf-8")
    assert "基本支出 795.52" in html and "<code>表1第16行第3列</code>" in html
    assert "<h2>分布</h2>" not in html  # one file: its findings, not a run's statistics


def test_clean_report_exits_0():
    # a sample whose expected findings hold no error
    import json
    from tests.conftest import expected_files
    for path in expected_files():
        exp = json.load(open(path, encoding="utf-8"))
        if not exp.get("errors") and exp["file"].endswith(".docx"):
            break
    proc = check(os.path.join(SAMPLES, exp["file"]))
    assert proc.returncode == 0, proc.stdout
    assert "结论：" in proc.stdout and "个错误" not in proc.stdout.split("结论：")[1]


def test_not_a_report_exits_3(tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("hello", encoding="utf-8")
    proc = check(str(note))
    assert proc.returncode == 3
    assert "未能作为报告读取" in proc.stdout


def test_show_exits_non_zero_for_a_skipped_file(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    readme = os.path.join(ROOT, "README.md")
    proc = subprocess.run([sys.executable, "-m", "ingest.cli", "show", readme], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "skipped" in proc.stdout
    ok = subprocess.run([sys.executable, "-m", "ingest.cli", "show",
                         os.path.join(SAMPLES, "keji-2021.docx")], cwd=ROOT, env=env,
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0
