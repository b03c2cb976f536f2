"""A long-lived worker process for the overlapping-apply trials: each line on stdin is a JSON list of `unihook`
arguments, run in this process as the console script would run them; each answer is one JSON line
{"code", "out"}. Starting Python and importing the CLI once, not once per trial, keeps twenty trials short."""

from __future__ import annotations

import contextlib
import io
import json
import sys

from unihook._cli import run


def main() -> None:
    for line in sys.stdin:
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):
            code = run(json.loads(line))
        sys.stdout.write(json.dumps({"code": code, "out": captured.getvalue()}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
