"""``python -m changeplanner``: the same as the ``changeplanner`` command."""

import multiprocessing
import sys

from changeplanner.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app's worker processes start here
    sys.exit(main())
