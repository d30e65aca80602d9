"""One module per form a finance bureau receives, beyond the seed's report (Family A).

Each form module finds its tables by what they say and turns them into the same `Report`
records, reusing the shared label, number and grid code of `normalizers`.
"""
