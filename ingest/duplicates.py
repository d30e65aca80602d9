"""Which copy of identical bytes is processed, and which are listed as its duplicates.

Identical bytes are processed once. The copy kept is the first in input order, except
that a plain name is preferred to an archive member named like `../../x.docx` or
`/etc/x.docx`: a report is filed under the name a person would recognise, and the
hostile name is the one marked duplicate. Empty and already-decided entries take no part.
"""
from __future__ import annotations


def originals(entries) -> tuple:
    """(kept, dup_of): kept lists the indexes to process in input order; dup_of maps each
    duplicate's index to the index of the copy that was kept."""
    groups: dict = {}
    for i, e in enumerate(entries):
        if e.status is None:
            groups.setdefault(e.sha256, []).append(i)
    kept, dup_of = [], {}
    for members in groups.values():
        first = min(members, key=lambda i: (entries[i].unsafe_name, i))
        kept.append(first)
        dup_of.update((i, first) for i in members if i != first)
    return sorted(kept), dup_of
