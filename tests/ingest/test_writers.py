"""Writers give the contract's tables with fixed columns and types, even when empty."""
import csv

import pandas as pd
import pyarrow.parquet as pq

from ingest.schema import TABLES, columns
from ingest.writers import write_tables


def test_empty_tables_have_their_header_and_types(tmp_path):
    write_tables(str(tmp_path), {})
    for name in TABLES:
        with open(tmp_path / f"{name}.csv", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == columns(name)
        schema = pq.read_schema(tmp_path / f"{name}.parquet")
        assert schema.names == columns(name)
    assert str(pq.read_schema(tmp_path / "facts.parquet").field("value").type) == "double"
    assert str(pq.read_schema(tmp_path / "reports.parquet").field("year").type) == "int64"


def test_rows_keep_types_and_blanks(tmp_path):
    write_tables(str(tmp_path), {
        "reports": [{"report_id": "a", "year": 2021, "score_total": 95.9, "grade": "优"},
                    {"report_id": "b", "year": None, "score_total": None, "grade": None}],
        "facts": [{"report_id": "a", "table": "income", "field": "income_total", "value": 0.0}],
    }, formats=("csv", "parquet"))
    df = pd.read_parquet(tmp_path / "reports.parquet")
    assert df["year"].tolist()[0] == 2021 and pd.isna(df["year"].tolist()[1])
    rows = list(csv.DictReader(open(tmp_path / "reports.csv", encoding="utf-8")))
    assert rows[0]["year"] == "2021" and rows[1]["year"] == "" and rows[0]["grade"] == "优"
    facts = list(csv.DictReader(open(tmp_path / "facts.csv", encoding="utf-8")))
    assert float(facts[0]["value"]) == 0.0  # an explicit zero is a value, not a blank


def test_csv_only(tmp_path):
    write_tables(str(tmp_path), {}, formats=("csv",))
    assert (tmp_path / "facts.csv").exists() and not (tmp_path / "facts.parquet").exists()


def test_excel_csv_has_bom_and_no_formulas(tmp_path):
    from ingest.writers import write_table
    rows = [{"report_id": "a", "department": "=HYPERLINK(\"http://x\")", "grade": "优"},
            {"report_id": "b", "department": "-局机关", "budget_code": "@1", "grade": None}]
    write_table(str(tmp_path), "reports", rows, ("csv", "parquet"), excel_csv=True)
    data = (tmp_path / "reports.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    got = list(csv.DictReader(open(tmp_path / "reports.csv", encoding="utf-8-sig")))
    assert got[0]["department"] == "'=HYPERLINK(\"http://x\")" and got[0]["grade"] == "优"
    assert got[1]["department"] == "'-局机关" and got[1]["budget_code"] == "'@1"
    # Parquet keeps the text as it was
    assert pd.read_parquet(tmp_path / "reports.parquet")["department"].tolist()[1] == "-局机关"
    write_table(str(tmp_path), "reports", rows, ("csv",))
    assert not (tmp_path / "reports.csv").read_bytes().startswith(b"\xef\xbb\xbf")
