import glob
import hashlib
import json
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")


def expected_files(sub=""):
    return sorted(glob.glob(os.path.join(SAMPLES, sub, "*.expected.json")))


def load_expected(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def sample_path(expected_path, exp):
    return os.path.join(os.path.dirname(expected_path), exp["file"])


@pytest.fixture(scope="session")
def samples_dir():
    return SAMPLES


def report_tables(path):
    """Run one real file through the worker, as `jixiao run` does; its output tables."""
    from ingest.worker import process_file

    with open(path, "rb") as fh:
        sha = hashlib.sha256(fh.read()).hexdigest()
    result = process_file(path, os.path.basename(path), sha)
    assert result["status"] in ("ok", "partial"), result["error"]
    return result["tables"]
