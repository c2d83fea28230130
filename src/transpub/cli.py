"""The ``transpub`` command: parsing and dispatch only; every command lives in ``transpub.commands``.

Errors that transpub raises on purpose become one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from transpub import __version__
from transpub.errors import TranspubError

# command name -> module exposing register(subparsers); each parser sets func(args) -> int.
COMMANDS: dict[str, str] = {
    "publish": "transpub.commands.publish",
    "check": "transpub.commands.check",
    "models": "transpub.commands.models",
    "review": "transpub.commands.review",
    "serve": "transpub.commands.serve",
    "server": "transpub.commands.server",
    "memory": "transpub.commands.memory",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transpub",
        description="Publish an English press release as reviewed, linked translations.",
    )
    parser.add_argument("--version", action="version", version=f"transpub {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS.values():
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except TranspubError as exc:
        print(f"transpub: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("transpub: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
