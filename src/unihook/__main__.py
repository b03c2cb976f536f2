"""`python -m unihook` and the `unihook` console script."""

from __future__ import annotations

import sys

# What the command line needs beyond the core library: the `cli` extra.
_CLI_MODULES = ("click", "rich", "yaml", "pydantic")


def main(argv: list[str] | None = None) -> int:
    try:
        from ._cli import run
    except ImportError as exc:
        if exc.name is None or exc.name.split(".")[0] not in _CLI_MODULES:
            raise
        print(
            f"error: the unihook command line needs the 'cli' extra ({exc.name} is not installed): "
            "pip install 'unihook[cli]'",
            file=sys.stderr,
        )
        return 1
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
