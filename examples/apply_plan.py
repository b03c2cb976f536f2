"""Declare subscriptions in a YAML file and let `unihook plan` / `unihook apply` make the vendors match it.

Needs the command line: pip install 'unihook[cli]'. Runs `plan` (exit 2: changes pending), `apply`, `plan`
again (exit 0: in sync), then an empty plan with the same prune prefix and --prune, which removes everything
the file made. Run: python examples/apply_plan.py
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PLAN = Path(__file__).with_name("plan.yaml")
# plan.yaml's prune prefix: an empty plan with it, applied with --prune, removes what plan.yaml made.
CLEAN_UP = 'subscriptions: []\nprune:\n  prefixes: ["https://hooks.example.com/examples/"]\n'


def unihook(*args: str, expect: int = 0, stdin: str | None = None) -> None:
    print(f"$ unihook {' '.join(args)}", flush=True)
    command = [sys.executable, "-m", "unihook", *args]
    code = subprocess.run(command, input=stdin, text=True, check=False).returncode  # noqa: S603
    if code != expect:
        sys.exit(f"unihook {args[0]} exited {code}, expected {expect}")


def main() -> None:
    if "SHIPMENTS_HOOK_SECRET" not in os.environ:
        # plan.yaml reads the signing secret from the environment; make one up for this run.
        os.environ["SHIPMENTS_HOOK_SECRET"] = secrets.token_urlsafe(24)
        print("SHIPMENTS_HOOK_SECRET is not set: using a random one for this run")
    unihook("plan", "-f", str(PLAN), expect=2)
    unihook("apply", "-f", str(PLAN))
    unihook("plan", "-f", str(PLAN))
    unihook("apply", "--prune", "-f", "-", stdin=CLEAN_UP)


if __name__ == "__main__":
    main()
