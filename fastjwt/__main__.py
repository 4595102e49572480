"""`python -m fastjwt`: the command line."""

import sys

from fastjwt.cli import main

sys.exit(main())
