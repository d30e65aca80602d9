"""Orchestration and output: the `jixiao` CLI, the bulk pipeline and the table writers."""

__version__ = "0.1.0"
