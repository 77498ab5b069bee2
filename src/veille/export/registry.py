"""Importing this module registers every exporter."""

import veille.export.documents  # noqa: F401
