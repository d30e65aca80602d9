"""Rows as tuples in the schema's column order: what workers hand the parent.

A row dict repeats its column names in every pickle; a tuple in the order of
`ingest.schema` does not, so a result pickles to about half the bytes in a fraction of
the time, and the writers turn a list of tuples into Arrow columns without looking up
keys. The columns of a table are fixed by the schema, so nothing is lost: a key outside
the schema was never written, a missing key is an empty cell.
"""
from __future__ import annotations

import pickle

from .schema import TABLES

COLUMNS = {name: tuple(col for col, _ in spec) for name, spec in TABLES.items()}
PROTOCOL = pickle.HIGHEST_PROTOCOL


def to_tuples(table: str, rows: list) -> list:
    """Dict rows to tuples in the column order of `table`."""
    cols = COLUMNS[table]
    return [tuple(map(row.get, cols)) for row in rows]


def encode_result(tables: dict) -> dict:
    """{table: dict rows} -> {table: pickled list of tuples}, empty tables left out.

    Each table is pickled on its own so the parent unpickles one table at a time.
    """
    return {name: pickle.dumps(to_tuples(name, rows), protocol=PROTOCOL)
            for name, rows in tables.items() if rows}


def decode_table(blobs: dict, table: str) -> list:
    """The tuples of one table from an encoded result ([] when it has none)."""
    blob = blobs.get(table)
    return pickle.loads(blob) if blob else []


def column_index(table: str, column: str) -> int:
    return COLUMNS[table].index(column)
