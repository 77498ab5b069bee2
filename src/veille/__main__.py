"""`python -m veille` runs the command line."""

from veille.cli import main

main()

