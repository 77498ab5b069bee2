"""Ingest: readers for txt, HTML and JSONL, language identification, source and date metadata."""
