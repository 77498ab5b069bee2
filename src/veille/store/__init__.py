"""The store: the only package that speaks SQL.

`open_store(url)` returns a migrated `Store`; the query modules beside this one
(`documents`, `search`, ...) hold every statement the rest of veille needs.
"""

from veille.store.db import Store, StoreError, database_url, open_store

__all__ = ["Store", "StoreError", "database_url", "open_store"]
