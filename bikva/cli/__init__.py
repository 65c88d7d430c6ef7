"""The command line, one module per command family; `bikva.cli.main` assembles the `bikva` group.

Command modules import only `bikva.cli.common` from here, never each other or `main`.
"""
