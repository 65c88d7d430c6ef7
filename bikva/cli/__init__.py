"""The command line, one module per command family; `bikva.cli.main` assembles the `bikva` group.

Command modules import only `bikva.cli.common` from here, never each other or `main`.
`bikva.cli.pages` (reached through common) writes help pages and usage errors in the catalogue's
words instead of click's English.
"""
