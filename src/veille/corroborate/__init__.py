"""Corroboration: which claims answer the same question (slots), whether their values agree,
how many independent origins stand behind them, which versions departed from what they copy
(flags), and Admiralty grades computed from that evidence.

The algorithms work on plain records (`records.py`) so that they can be tested on hand-built
claims; `stage.py` loads them from the store, one story at a time, and writes the results.
"""
