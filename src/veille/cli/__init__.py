"""The `veille` command line: thin wrappers that parse arguments and call into the package.

Each area adds its commands in a module of this package; importing it registers them on `app`.
`main` is the entry point: it turns database failures into one-line errors.
"""

from veille.cli.app import app, main
from veille.cli import core  # noqa: F401  (registers ingest, analyze, export, demo)
from veille.cli import evidence  # noqa: F401  (registers `veille evidence ...`)
from veille.cli import claims  # noqa: F401  (registers `veille claims`)
from veille.cli import imagery  # noqa: F401  (registers `veille imagery ...`)
from veille.cli import entities  # noqa: F401  (registers `veille entities`, `veille entity ...`)
from veille.cli import quantities  # noqa: F401  (registers `veille quantities`)
from veille.cli import stories  # noqa: F401  (registers `veille stories`, `veille lineage`)
from veille.cli import web  # noqa: F401  (registers `veille serve`, `veille report`, `veille user`)
from veille.cli import corroborate  # noqa: F401  (registers trace, flags, slots)

__all__ = ["app", "main"]
