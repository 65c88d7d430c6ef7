"""`python -m bikva ...` is the same as the `bikva` command."""

from bikva.cli.main import program

program()
