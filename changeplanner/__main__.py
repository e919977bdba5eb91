"""``python -m changeplanner``: the same as the ``changeplanner`` command."""

import sys

from changeplanner.cli import main

sys.exit(main())
