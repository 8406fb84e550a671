"""`python -m torch101.tour ...`: the tour alone, same options as `torch101 tour`."""

from __future__ import annotations

import argparse

from torch101.tour import cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="torch101 tour", description=cli.HELP)
    cli.add_arguments(parser)
    return cli.run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
