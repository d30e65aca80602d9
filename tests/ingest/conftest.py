import csv
import os

import pytest

from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def samples_run(tmp_path_factory):
    """One `jixiao run` over the committed samples with every output (shared by the
    output tests; each reads what it needs)."""
    from ingest import pipeline

    out = tmp_path_factory.mktemp("samples-run") / "out"
    summary = pipeline.run([SAMPLES], str(out), workers=2, quiet=True)
    assert not summary.output_errors, summary.output_errors
    return str(out)


def read_csv_rows(out, table):
    with open(os.path.join(out, table + ".csv"), newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def keji_report(out):
    """The reports.csv row of the seed's DOCX (keji-2021, the report with three errors)."""
    rows = [r for r in read_csv_rows(out, "reports")
            if os.path.basename(r["source_file"]) == "keji-2021.docx"]
    assert len(rows) == 1
    return rows[0]
