"""Entry point of the frozen build: the same ``jukidesk`` command as the installed one."""

import multiprocessing
import sys

from jukidesk.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
