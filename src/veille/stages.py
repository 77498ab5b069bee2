"""Importing this module registers every built-in pipeline stage (see `veille.pipeline`).

Language identification is not a stage: ingest does it, since every later stage needs it.
"""
