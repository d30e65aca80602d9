"""docs/tables.md is what `python -m ingest.doc_tables` prints: every table and column of
ingest/schema.py, with its type, keys and meaning, and nothing the schema lacks."""
import os
import re

from ingest.describe import undescribed
from ingest.doc_tables import render
from ingest.schema import TABLES
from tests.conftest import ROOT


def test_docs_tables_md_is_up_to_date():
    with open(os.path.join(ROOT, "docs", "tables.md"), encoding="utf-8") as fh:
        text = fh.read()
    assert text == render(), "run: python -m ingest.doc_tables > docs/tables.md"


def test_every_column_is_described_and_documented():
    assert undescribed() == [], ("give each new column a row in ingest/data/columns.csv, "
                                 "then: python -m ingest.doc_tables > docs/tables.md")
    text = render()
    for table, spec in TABLES.items():
        section = text.split(f"## {table} — ")[1].split("\n## ")[0]
        documented = re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.M)
        assert documented == [name for name, _ in spec], table


def test_readme_points_to_the_project_docs():
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    assert "docs/tables.md" in readme and "../shared" not in readme


def test_every_rule_has_a_chinese_title():
    """Findings are shown by their check's Chinese name (ingest/data/rule_titles.csv)."""
    import csv
    import glob
    from ingest.describe import rule_title
    rules = set()
    for path in glob.glob(os.path.join(ROOT, "normalizers", "data", "rules*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rules |= {r["rule"] for r in csv.DictReader(fh)}
    missing = sorted(r for r in rules if rule_title(r) == r)
    assert not missing, f"add these to ingest/data/rule_titles.csv: {missing}"
