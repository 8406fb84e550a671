"""`python -m torch101`: runs the command line (`cli.py`) and exits with its status."""

from torch101.cli import main

raise SystemExit(main())
