"""The `veille` command line: thin wrappers that parse arguments and call into the package.

Each area adds its commands in a module of this package; importing it registers them on `app`.
"""

from veille.cli.app import app
from veille.cli import core  # noqa: F401  (registers ingest, analyze, export, demo)

__all__ = ["app"]
