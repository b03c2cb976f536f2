"""The `unihook` command line: one command per facade operation, plus plan/apply over a YAML file and the
sandbox.

Exit codes: 0 success; 1 an error (one `error:` line on stderr, `--debug` adds the traceback); 2 `plan` with
changes pending; 64 a usage error (EX_USAGE: unknown command or option, missing or bad argument, unknown vendor
key); 130 interrupted. With `--json` every command prints one envelope on stdout, errors included:
`{"ok": true, "command": ..., "data": {...}}` or `{"ok": false, "command": ..., "error": {...}}`."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

import click

from . import _vendors
from ._client import Client
from ._engine import OPERATIONS, supports
from ._exceptions import APIError, InvalidRequest, TransportError, UnihookError
from ._settings import Settings
from ._types import Subscription
from ._vendors._spec import Capabilities, DeleteMode

if TYPE_CHECKING:
    from ._vendors import VendorKey

F = TypeVar("F", bound=Callable[..., Any])

EX_OK = 0
EX_ERROR = 1
EX_PENDING = 2  # `plan` only: the vendors differ from the file
EX_USAGE = 64  # sysexits.h EX_USAGE: the command line itself is wrong
EX_INTERRUPTED = 130

_PYTHON_HINT = re.compile(r" \(or pass [^)]* to Client\)")


class CommandError(click.ClickException):
    """A failure outside the facade, reported like a UnihookError: one `error:` line, exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class PartialFailure(CommandError):
    """`list` across vendors: some answered, some failed (each failure is in the envelope's `data.errors`)."""


@dataclasses.dataclass
class Invocation:
    """What `run` learns while click parses and runs a command line: for the traceback, the JSON envelope of an
    error, and what a failing command had done by then."""

    debug: bool = False
    json: bool = False
    command: str | None = None
    data: dict[str, Any] | None = None


# --- shared pieces --------------------------------------------------------------------------------------------


def _invocation(ctx: click.Context) -> Invocation:
    root = ctx.find_root()
    if not isinstance(root.obj, Invocation):  # `cli` called without `run` (click's test runner, say)
        root.obj = Invocation()
    return root.obj


def _enable_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    state = _invocation(ctx)
    if value and not state.debug:
        state.debug = True
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")


def _debug_option() -> click.Option:
    # Eager, and on the group and every command alike: `unihook --debug list` and `unihook list --debug`.
    return click.Option(
        ["--debug"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_enable_debug,
        help="Log HTTP calls and show a traceback on errors (before or after the command).",
    )


def _record_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        _invocation(ctx).json = True
    return value


def _client(ctx: click.Context) -> Client:
    root = ctx.find_root()
    hub = root.meta.get("unihook.client")
    if not isinstance(hub, Client):
        hub = root.with_resource(Client.from_env())
        root.meta["unihook.client"] = hub
    return hub


def json_option(func: F) -> F:
    # Eager, so that a bad argument after it is still reported as a JSON envelope.
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        is_eager=True,
        callback=_record_json,
        help="Print one JSON envelope on stdout, errors included (see `unihook --help`).",
    )(func)


def _emit(ctx: click.Context, data: dict[str, Any]) -> None:
    from ._output import dump, envelope

    dump(envelope(ctx.command.name, data))


def secret_option(func: F) -> F:
    return click.option("--show-secret", is_flag=True, help="Show signing secrets (masked otherwise).")(func)


def _capabilities(vendor: str) -> Capabilities:
    return _vendors.load(vendor).spec.capabilities


def _registered() -> tuple[VendorKey, ...]:
    # Typed as the built-in keys; at run time also any vendor registered since (`unihook._vendors.register`).
    return cast("tuple[VendorKey, ...]", _vendors.registered())


def vendor_argument(func: F) -> F:
    return click.argument("vendor", metavar="KEY", type=click.Choice(_vendors.registered()))(func)


def id_argument(func: F) -> F:
    return click.argument("subscription_id", metavar="ID")(func)


def _note(message: str) -> None:
    click.echo(message, err=True)


def _show_subscriptions(subs: Sequence[Subscription], show_secret: bool) -> None:
    from ._output import console, show, subscriptions_table

    if subs:
        show(console(), subscriptions_table(subs, show_secret=show_secret))
    else:
        _note("no subscriptions")


def _show_one(ctx: click.Context, sub: Subscription, as_json: bool, show_secret: bool) -> None:
    from ._output import console, show, subscription_detail, subscription_json

    if as_json:
        _emit(ctx, {"subscription": subscription_json(sub, show_secret=show_secret)})
    else:
        show(console(), subscription_detail(sub, show_secret=show_secret))


@contextlib.contextmanager
def _progress(enabled: bool, description: str) -> Iterator[Callable[[str], None]]:
    """A transient spinner on stderr, only on a terminal: pipes and --json stay clean."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _step: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ._output import console

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None)
        yield lambda step: progress.update(task, description=f"{description} {step}")


# --- commands -------------------------------------------------------------------------------------------------


_EPILOG = """\
\b
Exit codes:
  0    success (plan: nothing to change)
  1    an error: one `error:` line on stderr (--debug adds the traceback)
  2    plan only: changes are pending
  64   a usage error: unknown command or option, missing or bad argument, unknown vendor KEY
  130  interrupted (Ctrl-C)

--json prints one envelope on stdout for every command (sandbox aside), errors included:
{"ok": true, "command": NAME, "data": {...}} on success (plan with changes pending too), {"ok": false,
"command": NAME, "error": {"type", "message", "vendor", "status_code", "field_errors", "may_exist",
"retry_after", "problems"}} on failure (keys that do not apply are null). Signing secrets stay masked unless
--show-secret; the one exception is a secret unihook generated that the vendor never shows again, which
`create` prints once.

--debug may come before or after the command.

\b
Shell completion (commands, options, vendor keys):
  bash  in ~/.bashrc:  eval "$(_UNIHOOK_COMPLETE=bash_source unihook)"
  zsh   in ~/.zshrc:   eval "$(_UNIHOOK_COMPLETE=zsh_source unihook)"
  fish  once:          _UNIHOOK_COMPLETE=fish_source unihook > ~/.config/fish/completions/unihook.fish

Configuration comes from the environment: UNIHOOK_<KEY>_BASE_URL and each vendor's credentials (`unihook
vendors` lists the variables).
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=_EPILOG)
@click.version_option(None, "-V", "--version", package_name="unihook", prog_name="unihook")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Manage webhook subscriptions on Flxpoint, Commerce Layer, BLAZE, Shipping Channels and Pack.cloud."""
    # The group runs once the command is known and before its arguments are parsed: a usage error in them is
    # still reported under the command's name.
    _invocation(ctx).command = ctx.invoked_subcommand


@cli.command()
@json_option
@click.pass_context
def vendors(ctx: click.Context, as_json: bool) -> None:
    """Which operations each vendor offers (soft delete and unsupported ones marked)."""
    from ._output import console, coverage_table

    hub = _client(ctx)
    rows: list[dict[str, Any]] = []
    for vendor in _registered():
        spec = _vendors.load(vendor).spec
        capabilities = spec.capabilities
        operations: dict[str, dict[str, Any]] = {}
        for op in OPERATIONS:
            supported = supports(vendor, op)
            info: dict[str, Any] = {"supported": supported, "note": "" if supported else capabilities.unsupported_note}
            if op == "delete" and supported:
                info["soft"] = capabilities.delete is DeleteMode.SOFT
                info["note"] = capabilities.delete_note
            operations[op] = info
        rows.append(
            {
                "vendor": vendor,
                "configured": hub.configured(vendor),
                "single_event": capabilities.single_event,
                "operations": operations,
                "environment": [c.env for c in spec.credentials],
            }
        )
    if as_json:
        _emit(ctx, {"vendors": rows})
        return
    out = console()
    out.print(coverage_table(rows, OPERATIONS))
    for row in rows:
        for op, info in row["operations"].items():
            if info["note"]:
                out.print(f"{row['vendor']} {op}: {info['note']}", markup=False)
    out.print("events per registration 'one': a subscription to several events is several registrations.", markup=False)


@cli.command("list")
@click.argument("vendor", metavar="[KEY]", type=click.Choice(_vendors.registered()), required=False)
@json_option
@secret_option
@click.pass_context
def list_command(ctx: click.Context, vendor: VendorKey | None, as_json: bool, show_secret: bool) -> int:
    """List subscriptions of one vendor, or of every configured vendor when KEY is left out (exit 1 when some
    vendor could not be listed; the others are still shown)."""
    from ._output import dump, error_envelope, subscription_json

    hub = _client(ctx)
    subs: list[Subscription] = []
    skipped: list[dict[str, str]] = []
    errors: list[dict[str, Any]] = []
    if vendor is not None:
        subs = list(hub.list(vendor))
    else:
        settings = Settings.from_env()
        with _progress(not as_json, "listing") as step:
            for key in _registered():
                if not hub.configured(key):
                    try:
                        settings.require_credentials(key)
                        reason = "not configured"
                    except InvalidRequest as exc:
                        reason = _error_line(exc)
                    skipped.append({"vendor": key, "reason": reason})
                    continue
                step(key)
                try:
                    subs.extend(hub.list(key))
                except UnihookError as exc:  # one vendor failing must not hide the others
                    errors.append({**_error_json(exc), "vendor": key})
    for skip in skipped:
        _note(f"skipped {skip['vendor']}: {skip['reason']}")
    data: dict[str, Any] = {
        "subscriptions": [subscription_json(s, show_secret=show_secret) for s in subs],
        "skipped": skipped,
        "errors": errors,
    }
    if not as_json:
        _show_subscriptions(subs, show_secret)
    for error in errors:
        _note(f"error: {error['message']}")
    if not errors:
        if as_json:
            _emit(ctx, data)
        return EX_OK
    if as_json:
        failed = ", ".join(error["vendor"] for error in errors)
        summary = PartialFailure(f"{len(errors)} vendor{'s' if len(errors) != 1 else ''} could not be listed: {failed}")
        dump(error_envelope(ctx.command.name, _error_json(summary), data))
    return EX_ERROR


@cli.command()
@vendor_argument
@id_argument
@json_option
@secret_option
@click.pass_context
def get(ctx: click.Context, vendor: VendorKey, subscription_id: str, as_json: bool, show_secret: bool) -> None:
    """Show one subscription."""
    _show_one(ctx, _client(ctx).get(vendor, subscription_id), as_json, show_secret)


@cli.command()
@vendor_argument
@click.option("--url", required=True, help="Absolute http(s) URL to deliver to.")
@click.option("--event", "events", multiple=True, required=True, metavar="EVENT", help="Event name; repeatable.")
@click.option("--name", help="A name for the subscription (where the vendor has names).")
@click.option(
    "--secret",
    help="Signing secret, on vendors that take one. Left out where the vendor requires one, unihook generates it; "
    "where the vendor never shows it again it is printed once: store it then.",
)
@json_option
@secret_option
@click.pass_context
def create(
    ctx: click.Context,
    vendor: VendorKey,
    url: str,
    events: tuple[str, ...],
    name: str | None,
    secret: str | None,
    as_json: bool,
    show_secret: bool,
) -> None:
    """Create a subscription. On vendors with one event per registration several --event make several
    registrations (create_many).

    Without --secret, on a vendor that requires a signing secret, unihook generates one. Where the vendor never
    shows that secret again, create prints it this one time, in the table and in the --json output (without
    --show-secret), and warns on stderr: store it right away, it cannot be shown again."""
    from ._output import subscription_json

    hub = _client(ctx)
    capabilities = _capabilities(vendor)
    many = len(events) > 1 and capabilities.single_event
    if many:
        subs = hub.create_many(vendor, url=url, events=events, name=name, secret=secret)
    else:
        subs = [hub.create(vendor, url=url, events=events, name=name, secret=secret)]
    # Only a secret unihook made up is news; a vendor's own (Commerce Layer) can be read again any time. One the
    # vendor never returns exists nowhere but in this process: shown now, or lost for good.
    generated = secret is None and capabilities.requires_secret
    once = generated and not capabilities.echoes_secret
    shown = show_secret or once
    if as_json:
        _emit(
            ctx,
            {
                "subscriptions": [subscription_json(s, show_secret=shown) for s in subs],
                "create_many": many,
                "secret_generated": generated,
                "secret_shown_once": once,
            },
        )
    else:
        if many:
            click.echo(f"{vendor} holds one event per registration: created {len(subs)} registrations (create_many)")
        _show_subscriptions(subs, shown)
    if once:
        where = "in the JSON on stdout" if as_json else "above"
        _note(
            f"warning: unihook generated the signing secret shown {where} and {vendor} never shows it again: "
            "store it now, it will not be shown again"
        )
    elif generated and not show_secret:
        _note("note: unihook generated the signing secret; --show-secret prints it (here, or later with get)")


@cli.command()
@vendor_argument
@id_argument
@click.option("--url", help="New delivery URL.")
@click.option("--event", "events", multiple=True, metavar="EVENT", help="Replace the events; repeatable.")
@click.option("--name", help="New name.")
@click.option("--secret", help="New signing secret (Shipping Channels, Pack.cloud).")
@json_option
@secret_option
@click.pass_context
def update(
    ctx: click.Context,
    vendor: VendorKey,
    subscription_id: str,
    url: str | None,
    events: tuple[str, ...],
    name: str | None,
    secret: str | None,
    as_json: bool,
    show_secret: bool,
) -> None:
    """Change a subscription's URL, events, name or secret; other fields stay as they are."""
    if url is None and not events and name is None and secret is None:
        raise click.UsageError("nothing to update: give at least one of --url, --event, --name, --secret")
    sub = _client(ctx).update(vendor, subscription_id, url=url, events=events or None, name=name, secret=secret)
    _show_one(ctx, sub, as_json, show_secret)


@cli.command()
@vendor_argument
@id_argument
@json_option
@secret_option
@click.pass_context
def enable(ctx: click.Context, vendor: VendorKey, subscription_id: str, as_json: bool, show_secret: bool) -> None:
    """Resume deliveries to a subscription."""
    _show_one(ctx, _client(ctx).enable(vendor, subscription_id), as_json, show_secret)


@cli.command()
@vendor_argument
@id_argument
@json_option
@secret_option
@click.pass_context
def disable(ctx: click.Context, vendor: VendorKey, subscription_id: str, as_json: bool, show_secret: bool) -> None:
    """Pause deliveries to a subscription."""
    _show_one(ctx, _client(ctx).disable(vendor, subscription_id), as_json, show_secret)


@cli.command()
@vendor_argument
@id_argument
@json_option
@click.pass_context
def delete(ctx: click.Context, vendor: VendorKey, subscription_id: str, as_json: bool) -> None:
    """Delete a subscription (Flxpoint: a soft delete; Pack.cloud cannot delete, disable instead)."""
    _client(ctx).delete(vendor, subscription_id)
    capabilities = _capabilities(vendor)
    note = capabilities.delete_note
    soft = capabilities.delete is DeleteMode.SOFT
    if as_json:
        _emit(ctx, {"vendor": vendor, "id": subscription_id, "deleted": True, "soft": soft})
    else:
        click.echo(f"deleted {vendor} {subscription_id}" + (f" ({note})" if soft else ""))


def _read_plan_file(path: str) -> Any:
    from ._plan import MAX_PLAN_BYTES, load_plan_file, parse_plan

    if path == "-":
        return parse_plan(sys.stdin.read(MAX_PLAN_BYTES + 1), source="<stdin>")
    return load_plan_file(path)


def _plan_options(func: F) -> F:
    func = click.option(
        "--concurrency",
        type=click.IntRange(1, 256),
        default=8,
        show_default=True,
        help="Accounts reconciled at once, for files with accounts:.",
    )(func)
    func = click.option(
        "--prune",
        is_flag=True,
        help="Also remove subscriptions at the file's URLs or under its prune.prefixes that the file no longer "
        "lists (disable where the vendor cannot delete).",
    )(func)
    return click.option(
        "-f",
        "--file",
        "path",
        required=True,
        type=click.Path(dir_okay=False, allow_dash=True),
        help="The plan file (YAML); - reads stdin.",
    )(func)


@cli.command()
@_plan_options
@json_option
@click.pass_context
def plan(ctx: click.Context, path: str, prune: bool, concurrency: int, as_json: bool) -> int:
    """Show what `apply` would change. Exits 2 when changes are pending and 0 when all is in sync; an error
    (a bad file, a vendor or account that cannot be read) exits 1 and a usage error 64, so 2 always means drift."""
    from ._output import change_text, console, plan_json, summary
    from ._plan import make_plan

    plan_file = _read_plan_file(path)
    hub = _client(ctx)
    if plan_file.has_accounts:
        return _fleet(ctx, plan_file, hub, applying=False, prune=prune, concurrency=concurrency, as_json=as_json)
    with _progress(not as_json, "reading") as step:
        result = make_plan(hub, plan_file, prune=prune, on_vendor=step)
    for vendor, reason in result.skipped.items():
        _note(f"skipped {vendor}: {reason}")
    if as_json:
        _emit(ctx, plan_json(result))
    else:
        out = console()
        for change in result.changes:
            out.print(change_text(change))
        out.print(summary(result.counts()) if result.pending else f"No changes: {result.unchanged} in sync.")
    return EX_PENDING if result.pending else EX_OK


@cli.command()
@_plan_options
@click.option(
    "--lock-timeout",
    type=click.FloatRange(0, 86400),
    default=300,
    show_default=True,
    help="Seconds to wait while another apply holds an account's lock.",
)
@json_option
@secret_option
@click.pass_context
def apply(
    ctx: click.Context, path: str, prune: bool, concurrency: int, lock_timeout: float, as_json: bool, show_secret: bool
) -> int:
    """Make the vendors match the file: create, update and (with --prune) remove. Running it twice changes
    nothing the second time. Each account is applied under a lock, so applies that overlap take turns (the
    second finds nothing left to do)."""
    from ._fleet import hold_locks
    from ._output import applied_json, change_text, console, summary
    from ._plan import Applied, apply_plan, make_plan, plan_vendors

    plan_file = _read_plan_file(path)
    hub = _client(ctx)
    if plan_file.has_accounts:
        return _fleet(
            ctx,
            plan_file,
            hub,
            applying=True,
            prune=prune,
            concurrency=concurrency,
            as_json=as_json,
            lock_timeout=lock_timeout,
            show_secret=show_secret,
        )
    vendors, _skipped = plan_vendors(hub._engine, plan_file, prune)
    out = console()
    done: list[Applied] = []
    with hold_locks(hub, vendors, lock_timeout):
        with _progress(not as_json, "reading") as step:
            result = make_plan(hub, plan_file, prune=prune, on_vendor=step)
        for vendor, reason in result.skipped.items():
            _note(f"skipped {vendor}: {reason}")

        def report(applied: Applied) -> None:
            done.append(applied)
            if not as_json:
                out.print(change_text(applied.change, done=True))

        try:
            apply_plan(hub, result, on_change=report)
        except UnihookError:
            if as_json:  # the error envelope carries what was done before the failure
                _invocation(ctx).data = {**applied_json(result, done, show_secret=show_secret), "complete": False}
            else:
                out.print(f"Stopped after {len(done)} of {len(result.changes)} changes.")
            raise
    if as_json:
        _emit(ctx, {**applied_json(result, done, show_secret=show_secret), "complete": True})
    elif result.pending:
        out.print(summary(result.counts(), done=True))
    else:
        out.print(f"No changes: {result.unchanged} in sync.")
    return EX_OK


def _fleet(
    ctx: click.Context,
    plan_file: Any,
    hub: Client,
    *,
    applying: bool,
    prune: bool,
    concurrency: int,
    as_json: bool,
    lock_timeout: float = 300,
    show_secret: bool = False,
) -> int:
    """plan/apply over the file's accounts: a progress bar on a terminal, then one row per account."""
    from rich.text import Text

    from ._fleet import reconcile, targets
    from ._output import change_text, console, dump, error_envelope, fleet_json, fleet_table, show

    found = targets(plan_file, prune, hub)
    with _bar(not as_json, "applying" if applying else "planning", len(found)) as advance:
        outcomes = reconcile(
            plan_file,
            found,
            applying=applying,
            prune=prune,
            coordination=hub._engine.coordination,
            concurrency=concurrency,
            lock_wait=lock_timeout,
            on_done=lambda _outcome: advance(),
        )
    data = fleet_json(outcomes, applying=applying, show_secret=show_secret)
    failed = [o for o in outcomes if not o.ok]
    if not as_json:
        out = console()
        for outcome in outcomes:
            for change in outcome.plan.changes if outcome.plan is not None and not applying else ():
                out.print(Text(f"[{outcome.target.label}] ").append_text(change_text(change)))
            for applied in outcome.applied:
                out.print(Text(f"[{outcome.target.label}] ").append_text(change_text(applied.change, done=True)))
        show(out, fleet_table(outcomes, applying=applying))
        out.print(data["summary"]["line"])
    if failed:
        names = ", ".join(o.target.label for o in failed[:5]) + (", ..." if len(failed) > 5 else "")
        error = PartialFailure(f"{len(failed)} of {len(outcomes)} accounts failed: {names}")
        if as_json:
            dump(error_envelope(ctx.command.name, _error_json(error), data))
        else:
            for outcome in failed:
                exc = outcome.error
                if exc is None:  # pragma: no cover - failed means an error
                    continue
                line = _error_line(exc) if isinstance(exc, UnihookError) else _unexpected_line(exc)
                _note(f"error: {outcome.target.label}: {line}")
        return EX_ERROR
    if as_json:
        _emit(ctx, data)
    if applying:
        return EX_OK
    return EX_PENDING if any(o.plan is not None and o.plan.pending for o in outcomes) else EX_OK


@contextlib.contextmanager
def _bar(enabled: bool, description: str, total: int) -> Iterator[Callable[[], None]]:
    """A transient progress bar over accounts on stderr, only on a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ._output import console

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(f"{description} accounts", total=total)
        lock = threading.Lock()

        def advance() -> None:
            with lock:
                progress.advance(task)

        yield advance


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port on 127.0.0.1.")
def sandbox(port: int) -> None:
    """Serve local stand-ins of the five vendor APIs until Ctrl-C (no --json: it prints its URLs and serves)."""
    try:
        from unihook_sandbox import serve
    except ImportError:
        raise CommandError("the sandbox is not installed: pip install 'unihook[sandbox]'") from None

    try:
        serve(port=port)
    except OSError as exc:  # the port is taken or not ours to bind
        raise CommandError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None


def _sandbox_url(vendor: str, given: str | None) -> str:
    """Where the sandbox runs: --sandbox, else UNIHOOK_SANDBOX_URL, else the vendor's UNIHOOK_<KEY>_BASE_URL
    without its `/<key>` mount, else the sandbox's default address."""
    from ._settings import base_url_env

    url = given or os.environ.get("UNIHOOK_SANDBOX_URL", "")
    if not url:
        mounted = os.environ.get(base_url_env(vendor), "").rstrip("/")
        url = mounted.removesuffix(f"/{vendor}") if mounted.endswith(f"/{vendor}") else ""
    return (url or "http://127.0.0.1:8765").rstrip("/")


@cli.command()
@vendor_argument
@click.argument("event")
@click.option("--data", "data_text", metavar="JSON", help="The resource's fields for the delivery (a JSON object).")
@click.option("--sandbox", "sandbox_url", metavar="URL", help="The sandbox's address (default: see below).")
@json_option
@click.pass_context
def trigger(
    ctx: click.Context, vendor: VendorKey, event: str, data_text: str | None, sandbox_url: str | None, as_json: bool
) -> None:
    """Make a running sandbox deliver EVENT to every active registration of KEY subscribed to it, shaped and
    signed as the vendor does (Commerce Layer's documented scheme; the sandbox's own where the vendor's is
    undocumented), with retries. Prints each delivery and its outcome. The sandbox is --sandbox, else
    UNIHOOK_SANDBOX_URL, else UNIHOOK_<KEY>_BASE_URL without its /<key> mount, else http://127.0.0.1:8765."""
    import json

    import httpx

    payload: dict[str, Any] = {"vendor": vendor, "event": event}
    if data_text is not None:
        try:
            payload["data"] = json.loads(data_text)
        except ValueError as exc:
            raise click.BadParameter(f"not JSON: {exc}", param_hint="--data") from None
        if not isinstance(payload["data"], dict):
            raise click.BadParameter("must be a JSON object", param_hint="--data")
    url = _sandbox_url(vendor, sandbox_url) + "/_admin/trigger"
    try:
        response = httpx.post(url, json=payload, timeout=120.0)
    except httpx.HTTPError as exc:
        raise CommandError(f"cannot reach the sandbox at {url}: {type(exc).__name__}: {exc}") from None
    if response.status_code != 200:
        raise CommandError(f"the sandbox refused the trigger ({response.status_code}): {response.text[:300]}")
    answer: dict[str, Any] = response.json()
    deliveries: list[dict[str, Any]] = answer.get("deliveries", [])
    if as_json:
        _emit(ctx, answer)
        return
    if not deliveries:
        _note(f"no active {vendor} registration is subscribed to {event}: nothing was delivered")
        return
    from ._output import console, deliveries_table

    console().print(deliveries_table(deliveries))


def _secret_pairs(pairs: Sequence[str]) -> dict[str, list[str]]:
    secrets: dict[str, list[str]] = {}
    for pair in pairs:
        vendor, sep, secret = pair.partition("=")
        if not sep or not secret:
            raise click.BadParameter(f"expected KEY=SECRET, got {pair.split('=')[0]!r}=...", param_hint="--secret")
        if vendor not in _vendors.registered():
            raise click.BadParameter(f"unknown vendor {vendor!r}", param_hint="--secret")
        secrets.setdefault(vendor, []).append(secret)  # several for one vendor: rotation
    return secrets


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8766, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--secret",
    "secret_pairs",
    multiple=True,
    metavar="KEY=SECRET",
    help="A vendor's signing secret, to verify its deliveries; repeatable (two for one vendor: rotation).",
)
@click.option("--count", type=click.IntRange(1), help="Stop after this many deliveries.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per delivery on stdout (JSON lines).")
def listen(port: int, host: str, secret_pairs: tuple[str, ...], count: int | None, as_json: bool) -> None:
    """Receive deliveries at http://HOST:PORT/<KEY> and print each as it arrives: vendor, event, resource id,
    and whether its signature verified (with the vendor's documented scheme, or the sandbox's own where the
    vendor's is undocumented). A delivery that fails verification is answered 401. Runs until Ctrl-C or
    --count deliveries; with --json prints JSON lines, not the envelope (it is a stream, not one call)."""
    import json
    import threading

    from ._listen import Heard, Listener

    secrets = _secret_pairs(secret_pairs)
    heard = 0
    done = threading.Event()
    lock = threading.Lock()

    def show(delivery: Heard) -> None:
        nonlocal heard
        with lock:
            click.echo(json.dumps(delivery.as_json()) if as_json else delivery.line())
            heard += 1
            if count is not None and heard >= count:
                done.set()

    try:
        listener = Listener(show, secrets, host=host, port=port)
    except OSError as exc:
        raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    _note(f"listening on {listener.url}/<vendor> (Ctrl-C to stop)")
    with listener, contextlib.suppress(KeyboardInterrupt):
        done.wait()


# --- entry point ----------------------------------------------------------------------------------------------


def _error_line(exc: UnihookError) -> str:
    text = " ".join(str(exc).split()).rstrip(": ")
    text = _PYTHON_HINT.sub("", text)  # the facade's hint for Python callers means nothing on a command line
    if isinstance(exc, TransportError) and exc.vendor not in text:
        text = f"{exc.vendor}: {text}"
    if isinstance(exc, APIError) and exc.field_errors:
        fields = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.field_errors.items())
        if fields not in text:
            text = f"{text} ({fields})"
    return text


def _plan_file_error(exc: BaseException) -> Any:
    """The exception as a PlanFileError, or None; `_plan` is only imported by commands that read plan files."""
    module = sys.modules.get(f"{__package__}._plan")
    error_type = getattr(module, "PlanFileError", None)
    return exc if error_type is not None and isinstance(exc, error_type) else None


def _error_json(exc: BaseException) -> dict[str, Any]:
    """The `error` object of a failure envelope: every key always there, null where it does not apply."""
    plan_error = _plan_file_error(exc)
    if isinstance(exc, click.UsageError):
        kind, message = "UsageError", " ".join(exc.format_message().split())
    elif isinstance(exc, click.ClickException):
        kind, message = type(exc).__name__, exc.format_message()
    elif isinstance(exc, UnihookError):
        kind, message = type(exc).__name__, _error_line(exc)
        if plan_error is not None:
            kind, message = "PlanFileError", _plan_rejected(plan_error)
    elif isinstance(exc, click.Abort):
        kind, message = "Abort", "aborted"
    else:
        kind, message = type(exc).__name__, _unexpected_line(exc)
    api = exc if isinstance(exc, APIError) else None
    vendor = getattr(exc, "vendor", None)
    may_exist = getattr(exc, "may_exist", None) if isinstance(exc, APIError | TransportError) else None
    return {
        "type": kind,
        "message": message,
        "vendor": vendor if isinstance(vendor, str) else None,
        "status_code": api.status_code if api is not None else None,
        "field_errors": api.field_errors if api is not None else None,
        "may_exist": may_exist,
        "retry_after": api.retry_after if api is not None else None,
        "problems": [str(p) for p in plan_error.problems] if plan_error is not None else None,
    }


def _plan_rejected(exc: Any) -> str:
    count = exc.count
    return f"{exc.source} was rejected ({count} problem{'s' if count != 1 else ''}); nothing was sent"


def _unexpected_line(exc: BaseException) -> str:
    return f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())}"


def _report(exc: UnihookError) -> None:
    plan_error = _plan_file_error(exc)
    if plan_error is not None:
        _note(f"error: {_plan_rejected(plan_error)}")
        for problem in plan_error.problems:
            _note(f"  {problem}")
        return
    _note(f"error: {_error_line(exc)}")


def _wants_json(state: Invocation, args: Sequence[str]) -> bool:
    # A usage error can come before click reads --json (an unknown option, say): look at the words themselves.
    words = args[: args.index("--")] if "--" in args else args
    return state.json or "--json" in words


def _fail_json(state: Invocation, args: Sequence[str], exc: BaseException) -> None:
    from ._output import dump, error_envelope

    if _wants_json(state, args):
        command = state.command
        if command is None and isinstance(exc, click.ClickException):
            ctx = getattr(exc, "ctx", None)
            if isinstance(ctx, click.Context) and ctx.parent is not None:
                command = ctx.command.name
        dump(error_envelope(command, _error_json(exc), state.data))


def run(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    state = Invocation()
    try:
        result = cli.main(args=args, prog_name="unihook", standalone_mode=False, obj=state)
    except click.UsageError as exc:
        exc.show()
        _fail_json(state, args, exc)
        return EX_USAGE
    except click.ClickException as exc:
        exc.show()
        _fail_json(state, args, exc)
        return EX_ERROR
    except click.Abort as exc:
        _note("aborted")
        _fail_json(state, args, exc)
        return EX_INTERRUPTED
    except UnihookError as exc:
        if state.debug:
            traceback.print_exc()
        _report(exc)
        _fail_json(state, args, exc)
        return EX_ERROR
    except BrokenPipeError:
        # `unihook list | head`: the reader left; point stdout at nothing so the final flush stays quiet.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EX_ERROR
    except Exception as exc:  # noqa: BLE001 - the contract: one line, never a traceback (unless --debug)
        if state.debug:
            traceback.print_exc()
        _note(f"error: {_unexpected_line(exc)}")
        _fail_json(state, args, exc)
        return EX_ERROR
    return result if isinstance(result, int) else EX_OK


for _command in cli.commands.values():
    _command.params.append(_debug_option())
cli.params.append(_debug_option())
