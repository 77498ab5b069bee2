"""Importing this module registers every built-in pipeline stage (see `veille.pipeline`).

Language identification is not a stage: ingest does it, since every later stage needs it.
"""
import veille.extract.stage_claims  # noqa: F401
import veille.extract.stage_entities  # noqa: F401
import veille.extract.stage_quantities  # noqa: F401
import veille.stories.stage  # noqa: F401
import veille.corroborate.stage  # noqa: F401
