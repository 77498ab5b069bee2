"""Importing this module registers every exporter."""

import veille.export.documents  # noqa: F401
import veille.export.claims  # noqa: F401
import veille.export.mentions  # noqa: F401
import veille.export.stories  # noqa: F401
import veille.export.lineage  # noqa: F401
import veille.export.flags  # noqa: F401
import veille.export.geojson  # noqa: F401
import veille.export.stix  # noqa: F401
import veille.export.ftm  # noqa: F401
import veille.export.slots  # noqa: F401
