"""Plan and apply over many accounts: each (account, vendor) is reconciled on its own, under its own lock and
its vendor's pacing, with at most `concurrency` at once. One failing never stops or corrupts the others.

An account here is a named account of the plan file (`accounts:`), or, for entries naming none, the vendor's
account configured from the environment. Apply holds the account's lock (`Coordination.lock`) for the whole of
its plan-and-execute, so two applies of the same account serialise, and the second plans afresh and finds
nothing left to do.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import httpx

from ._client import Client
from ._coordination import Coordination
from ._defaults import DEFAULT_TIMEOUT
from ._exceptions import UnihookError
from ._plan import Applied, Plan, PlanFile, apply_plan, make_plan, plan_vendors
from ._settings import Settings

__all__ = ["LOCK_WAIT", "Outcome", "Target", "hold_locks", "reconcile", "targets"]

LOCK_WAIT = 300.0  # seconds an apply waits for another apply of the same account before giving up


@dataclass(frozen=True)
class Target:
    """One account of one vendor: a named account of the file, or (account None) the environment's."""

    vendor: str
    account: str | None = None

    @property
    def label(self) -> str:
        return self.account if self.account is not None else f"{self.vendor} (environment)"


@dataclass
class Outcome:
    target: Target
    plan: Plan | None = None
    applied: list[Applied] = field(default_factory=list)
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def converged(self, applying: bool) -> bool:
        """In sync with the file: nothing pending (plan), or every change made (apply)."""
        if self.error is not None or self.plan is None:
            return False
        return len(self.applied) == len(self.plan.changes) if applying else not self.plan.pending


def targets(plan_file: PlanFile, prune: bool, environment_client: Client | None = None) -> list[Target]:
    """Every (account, vendor) the file concerns, in file order. With prune and declared prefixes, a file using
    the environment's accounts looks at every vendor configured there too (a prefix covers them all)."""
    found = list(dict.fromkeys(Target(e.vendor, e.account) for e in plan_file.subscriptions))
    uses_environment = any(e.account is None for e in plan_file.subscriptions)
    # Only a file that uses the environment's accounts may prune them: a fleet file of named accounts never
    # touches whatever the machine it runs on happens to be configured for.
    if prune and plan_file.prune.prefixes and uses_environment and environment_client is not None:
        environment = plan_file.only_environment()
        vendors, _skipped = plan_vendors(environment_client._engine, environment, prune)
        found += [Target(v) for v in vendors if Target(v) not in found]
    return found


def _environment() -> dict[str, str]:
    # What a named account keeps from the environment: base URLs and the coordination URL, no credentials.
    return {k: v for k, v in os.environ.items() if k.startswith("UNIHOOK_")}


def client_for(
    plan_file: PlanFile, target: Target, coordination: Coordination, http_client: httpx.Client | None
) -> Client:
    hub = Client(http_client=http_client, coordination=coordination)
    if target.account is not None:
        declared = plan_file.accounts[target.account]
        base_urls = {target.vendor: declared.base_url} if declared.base_url else {}
        hub._engine.settings = Settings(declared.client_arguments(), base_urls, _environment())
    return hub


@contextlib.contextmanager
def hold_locks(client: Client, vendors: Sequence[str], wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold apply's lock for the client's account on each vendor (in one order, so two holders never
    deadlock)."""
    engine = client._engine
    names = sorted({engine.lock_name(v) for v in vendors if engine.configured(v)})
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.enter_context(engine.coordination.lock(name, wait=wait))
        yield


def reconcile_one(
    plan_file: PlanFile,
    target: Target,
    *,
    applying: bool,
    prune: bool,
    coordination: Coordination,
    http_client: httpx.Client | None = None,
    lock_wait: float = LOCK_WAIT,
) -> Outcome:
    outcome = Outcome(target)
    part = plan_file.only(target.vendor, target.account)
    try:
        with client_for(plan_file, target, coordination, http_client) as hub:
            if not applying:
                outcome.plan = make_plan(hub, part, prune=prune, vendors=[target.vendor])
                return outcome
            with hold_locks(hub, [target.vendor], lock_wait):
                outcome.plan = make_plan(hub, part, prune=prune, vendors=[target.vendor])
                apply_plan(hub, outcome.plan, on_change=outcome.applied.append)
    except UnihookError as exc:
        outcome.error = exc
    except Exception as exc:  # noqa: BLE001 - one account's unexpected failure must not stop the others
        outcome.error = exc
    return outcome


def reconcile(
    plan_file: PlanFile,
    found: Sequence[Target],
    *,
    applying: bool,
    prune: bool,
    coordination: Coordination,
    concurrency: int = 8,
    lock_wait: float = LOCK_WAIT,
    on_done: Callable[[Outcome], None] | None = None,
    http_client: httpx.Client | None = None,
) -> list[Outcome]:
    """Reconcile every target, at most `concurrency` at once; outcomes in the order of `found`. Every account
    sends through `http_client` (default: one made here, pooled for the concurrency). On Ctrl-C no new account
    starts, and those running finish theirs."""
    if concurrency < 1:
        raise ValueError("concurrency must be 1 or more")
    results: dict[Target, Outcome] = {}
    limits = httpx.Limits(max_connections=max(10, concurrency * 2), max_keepalive_connections=max(10, concurrency))
    stop = threading.Event()
    # One connection pool for every account: the vendors are few, the accounts many.
    with (
        contextlib.nullcontext(http_client)
        if http_client is not None
        else httpx.Client(timeout=DEFAULT_TIMEOUT, limits=limits) as http,
        ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="unihook-account") as pool,
    ):

        def run(target: Target) -> Outcome:
            if stop.is_set():
                return Outcome(target, error=UnihookError("not started: interrupted"))
            return reconcile_one(
                plan_file,
                target,
                applying=applying,
                prune=prune,
                coordination=coordination,
                http_client=http,
                lock_wait=lock_wait,
            )

        pending: set[Future[Outcome]] = {pool.submit(run, target) for target in found}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    outcome = future.result()
                    results[outcome.target] = outcome
                    if on_done is not None:
                        on_done(outcome)
        except BaseException:
            stop.set()
            for future in pending:
                future.cancel()
            raise
    return [results[target] for target in found]
