"""``python -m interdepend``: the same command line as the installed ``interdepend``."""

import sys

from interdepend.cli import main

if __name__ == "__main__":
    sys.exit(main())
