"""`python -m bikva ...` is the same as the `bikva` command."""

import sys

from bikva.cli.main import main

sys.exit(main())
