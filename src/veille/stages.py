"""Importing this module registers every built-in pipeline stage (see `veille.pipeline`).

Language identification is not a stage: ingest does it, since every later stage needs it.
"""
import veille.corroborate.stage
import veille.extract.stage_claims
import veille.extract.stage_entities
import veille.extract.stage_quantities
import veille.stories.stage
import veille.stories.vectors  # noqa: F401  (the package name each import binds is unused)
