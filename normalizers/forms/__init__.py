"""One module per form a finance bureau receives, beyond the seed's report (Family A).

Each form module finds its tables by what they say and turns them into the same `Report`
records, reusing the shared label, number and grid code of `normalizers`.
"""
from __future__ import annotations

from . import basic_data, narrative_only, selfeval

# Readers run in this order before the seed's form is read from the tables left over.
# Each is `read(doc, views, report) -> list[Report]`: it adds what it finds to `report`
# (appending its form name to `report.forms` and the ids of the views it read to
# `report.claimed`), or returns reports of its own.
READERS: list = [selfeval.read, basic_data.read, narrative_only.read]


def form_readers() -> list:
    return list(READERS)
