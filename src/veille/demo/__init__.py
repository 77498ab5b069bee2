"""The bundled demo corpus (invented articles) and its gold, the regression fixture for every stage."""

from pathlib import Path

CORPUS_DIR: Path = Path(__file__).resolve().parent / "corpus"
GOLD_DIR: Path = Path(__file__).resolve().parent / "gold"
