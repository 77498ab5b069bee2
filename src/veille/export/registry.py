"""Importing this module registers every exporter."""

import veille.export.claims
import veille.export.documents
import veille.export.flags
import veille.export.ftm
import veille.export.geojson
import veille.export.lineage
import veille.export.mentions
import veille.export.slots
import veille.export.stix
import veille.export.stories  # noqa: F401  (the package name each import binds is unused)
