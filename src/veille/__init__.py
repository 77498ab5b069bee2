"""veille: an open-source intelligence workbench for weapons production and arms transfers."""

__version__ = "0.1.0"
