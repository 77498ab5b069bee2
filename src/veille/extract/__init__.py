"""Extraction of structured facts (quantities, dates, claims) from document text."""
