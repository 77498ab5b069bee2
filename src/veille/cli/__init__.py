"""The `veille` command line: thin wrappers that parse arguments and call into the package.

Each area adds its commands in a module of this package; importing it registers them on `app`.
`main` is the entry point: it turns database failures into one-line errors.
"""

from veille.cli import (
    claims,  # noqa: F401  (registers `veille claims`)
    core,  # noqa: F401  (registers ingest, analyze, export, demo)
    corroborate,  # noqa: F401  (registers trace, flags, slots)
    entities,  # noqa: F401  (registers `veille entities`, `veille entity ...`)
    evidence,  # noqa: F401  (registers `veille evidence ...`)
    imagery,  # noqa: F401  (registers `veille imagery ...`)
    quantities,  # noqa: F401  (registers `veille quantities`)
    stories,  # noqa: F401  (registers `veille stories`, `veille lineage`)
    web,  # noqa: F401  (registers `veille serve`, `veille report`, `veille user`)
)
from veille.cli.app import app, main

__all__ = ["app", "main"]
