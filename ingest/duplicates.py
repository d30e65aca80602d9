"""Which copy of identical bytes is processed, and which are listed as its duplicates.

Identical bytes are processed once. The copy kept is the first in input order, except
that a plain name is preferred to an archive member named like `../../x.docx` or
`/etc/x.docx`: a report is filed under the name a person would recognise, and the
hostile name is the one marked duplicate. Empty and already-decided entries take no part.

The parent keeps this for the whole run, so only the duplicates are stored (usually
none); the files to process are the entries to process that are not in it.
"""
from __future__ import annotations

from typing import Iterator


def duplicates(entries) -> dict:
    """{index of a duplicate: index of the copy kept}, for every duplicate in `entries`."""
    best: dict = {}   # sha256 -> index of the copy kept so far (the sha strings are shared)
    for i, e in enumerate(entries):
        if e.status is None:
            j = best.get(e.sha256)
            if j is None or (entries[j].unsafe_name and not e.unsafe_name):
                best[e.sha256] = i
    return {i: best[e.sha256] for i, e in enumerate(entries)
            if e.status is None and best[e.sha256] != i}


def kept(entries, dup_of: dict) -> Iterator[int]:
    """Indexes of the entries to process (not decided, not a duplicate), in input order."""
    return (i for i, e in enumerate(entries) if e.status is None and i not in dup_of)
