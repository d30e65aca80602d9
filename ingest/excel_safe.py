"""Text that a spreadsheet would run as a formula, made harmless.

A department name or a note that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return, which some spreadsheets strip before looking) is a formula to Excel and WPS when a
CSV is opened. The workbook writer stores such cells as strings; a CSV has no cell types,
so for CSV files meant for Excel the text gets a leading `'`, as OWASP recommends.
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PATTERN = "^[=+\\-@\\t\\r]"


def looks_like_formula(text) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_START)


def neutralise(text):
    """The text with a leading `'` if a spreadsheet would read it as a formula."""
    return "'" + text if looks_like_formula(text) else text


def neutralise_table(table: pa.Table) -> pa.Table:
    """Every string column of `table` with formula-like cells prefixed by `'`."""
    columns = []
    for col in table.columns:
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            hit = pc.match_substring_regex(col, _PATTERN)
            quote, empty = pa.scalar("'", col.type), pa.scalar("", col.type)
            col = pc.if_else(hit, pc.binary_join_element_wise(quote, col, empty), col)
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=table.schema)
