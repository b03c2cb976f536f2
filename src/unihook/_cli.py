"""The `unihook` command line: one command per facade operation, plus plan/apply over a YAML file and the
sandbox. Exit codes: 0 success, 1 an error (one line on stderr; `--debug` adds the traceback), 2 a usage error
or, for `plan`, changes pending."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, TypeVar

import click

from . import _vendors
from ._client import Client
from ._engine import OPERATIONS, supports
from ._exceptions import APIError, InvalidRequest, TransportError, UnihookError
from ._settings import Settings
from ._types import Subscription
from ._vendors._spec import Capabilities, DeleteMode

F = TypeVar("F", bound=Callable[..., Any])

_PYTHON_HINT = re.compile(r" \(or pass [^)]* to Client\)")


class CommandError(click.ClickException):
    """A failure outside the facade, reported like a UnihookError: one `error:` line, exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


# --- shared pieces --------------------------------------------------------------------------------------------


def _client(ctx: click.Context) -> Client:
    root = ctx.find_root()
    hub = root.meta.get("unihook.client")
    if not isinstance(hub, Client):
        hub = root.with_resource(Client.from_env())
        root.meta["unihook.client"] = hub
    return hub


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON on stdout.")(func)


def secret_option(func: F) -> F:
    return click.option("--show-secret", is_flag=True, help="Show signing secrets (masked otherwise).")(func)


def _capabilities(vendor: str) -> Capabilities:
    return _vendors.load(vendor).spec.capabilities


def vendor_argument(func: F) -> F:
    return click.argument("vendor", metavar="KEY", type=click.Choice(_vendors.registered()))(func)


def id_argument(func: F) -> F:
    return click.argument("subscription_id", metavar="ID")(func)


def _note(message: str) -> None:
    click.echo(message, err=True)


def _show_subscriptions(subs: Sequence[Subscription], show_secret: bool) -> None:
    from ._output import console, subscriptions_table

    if subs:
        console().print(subscriptions_table(subs, show_secret=show_secret))
    else:
        _note("no subscriptions")


def _show_one(sub: Subscription, as_json: bool, show_secret: bool) -> None:
    from ._output import console, dump, subscription_detail, subscription_json

    if as_json:
        dump(subscription_json(sub, show_secret=show_secret))
    else:
        console().print(subscription_detail(sub, show_secret=show_secret))


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


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Configuration comes from the environment: UNIHOOK_<KEY>_BASE_URL and each vendor's credentials "
    "(`unihook vendors` lists the variables).",
)
@click.version_option(package_name="unihook", prog_name="unihook")
@click.option("--debug", is_flag=True, help="Log HTTP calls and show a traceback on errors.")
def cli(debug: bool) -> None:
    """Manage webhook subscriptions on Flxpoint, Commerce Layer, BLAZE, Shipping Channels and Pack.cloud."""
    if debug:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")


@cli.command()
@json_option
@click.pass_context
def vendors(ctx: click.Context, as_json: bool) -> None:
    """Which operations each vendor offers (soft delete and unsupported ones marked)."""
    from ._output import console, coverage_table, dump

    hub = _client(ctx)
    rows: list[dict[str, Any]] = []
    for vendor in _vendors.registered():
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
        dump({"vendors": rows})
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
def list_command(ctx: click.Context, vendor: str | None, as_json: bool, show_secret: bool) -> int:
    """List subscriptions of one vendor, or of every configured vendor when KEY is left out."""
    from ._output import dump, subscription_json

    hub = _client(ctx)
    subs: list[Subscription] = []
    skipped: list[dict[str, str]] = []
    errors: list[dict[str, str]] = []
    if vendor is not None:
        subs = list(hub.list(vendor))
    else:
        settings = Settings.from_env()
        with _progress(not as_json, "listing") as step:
            for key in _vendors.registered():
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
                    errors.append({"vendor": key, "error": _error_line(exc)})
    for skip in skipped:
        _note(f"skipped {skip['vendor']}: {skip['reason']}")
    if as_json:
        data: dict[str, Any] = {
            "subscriptions": [subscription_json(s, show_secret=show_secret) for s in subs],
            "skipped": skipped,
        }
        if errors:
            data["errors"] = errors
        dump(data)
    else:
        _show_subscriptions(subs, show_secret)
    for error in errors:
        _note(f"error: {error['error']}")
    return 1 if errors else 0


@cli.command()
@vendor_argument
@id_argument
@json_option
@secret_option
@click.pass_context
def get(ctx: click.Context, vendor: str, subscription_id: str, as_json: bool, show_secret: bool) -> None:
    """Show one subscription."""
    _show_one(_client(ctx).get(vendor, subscription_id), as_json, show_secret)


@cli.command()
@vendor_argument
@click.option("--url", required=True, help="Absolute http(s) URL to deliver to.")
@click.option("--event", "events", multiple=True, required=True, metavar="EVENT", help="Event name; repeatable.")
@click.option("--name", help="A name for the subscription (where the vendor has names).")
@click.option("--secret", help="Signing secret (Shipping Channels, Pack.cloud); generated when left out.")
@json_option
@secret_option
@click.pass_context
def create(
    ctx: click.Context,
    vendor: str,
    url: str,
    events: tuple[str, ...],
    name: str | None,
    secret: str | None,
    as_json: bool,
    show_secret: bool,
) -> None:
    """Create a subscription. On vendors with one event per registration several --event make several
    registrations (create_many)."""
    from ._output import dump, subscription_json

    hub = _client(ctx)
    capabilities = _capabilities(vendor)
    many = len(events) > 1 and capabilities.single_event
    if many:
        subs = hub.create_many(vendor, url=url, events=events, name=name, secret=secret)
    else:
        subs = [hub.create(vendor, url=url, events=events, name=name, secret=secret)]
    # Only a secret unihook made up is news; a vendor's own (Commerce Layer) can be read again any time.
    generated = secret is None and capabilities.requires_secret
    if as_json:
        dump(
            {
                "subscriptions": [subscription_json(s, show_secret=show_secret) for s in subs],
                "create_many": many,
                "secret_generated": generated,
            }
        )
    else:
        if many:
            click.echo(f"{vendor} holds one event per registration: created {len(subs)} registrations (create_many)")
        _show_subscriptions(subs, show_secret)
    if generated and not show_secret:
        hint = f" ({vendor} never shows it again)" if not capabilities.echoes_secret else ""
        _note(f"note: unihook generated the signing secret{hint}; --show-secret prints it")


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
    vendor: str,
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
    _show_one(sub, as_json, show_secret)


@cli.command()
@vendor_argument
@id_argument
@json_option
@secret_option
@click.pass_context
def enable(ctx: click.Context, vendor: str, subscription_id: str, as_json: bool, show_secret: bool) -> None:
    """Resume deliveries to a subscription."""
    _show_one(_client(ctx).enable(vendor, subscription_id), as_json, show_secret)


@cli.command()
@vendor_argument
@id_argument
@json_option
@secret_option
@click.pass_context
def disable(ctx: click.Context, vendor: str, subscription_id: str, as_json: bool, show_secret: bool) -> None:
    """Pause deliveries to a subscription."""
    _show_one(_client(ctx).disable(vendor, subscription_id), as_json, show_secret)


@cli.command()
@vendor_argument
@id_argument
@json_option
@click.pass_context
def delete(ctx: click.Context, vendor: str, subscription_id: str, as_json: bool) -> None:
    """Delete a subscription (Flxpoint: a soft delete; Pack.cloud cannot delete, disable instead)."""
    from ._output import dump

    _client(ctx).delete(vendor, subscription_id)
    capabilities = _capabilities(vendor)
    note = capabilities.delete_note
    soft = capabilities.delete is DeleteMode.SOFT
    if as_json:
        dump({"vendor": vendor, "id": subscription_id, "deleted": True, "soft": soft})
    else:
        click.echo(f"deleted {vendor} {subscription_id}" + (f" ({note})" if soft else ""))


def _read_plan_file(path: str) -> Any:
    from ._plan import MAX_PLAN_BYTES, load_plan_file, parse_plan

    if path == "-":
        return parse_plan(sys.stdin.read(MAX_PLAN_BYTES + 1), source="<stdin>")
    return load_plan_file(path)


def _plan_options(func: F) -> F:
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
def plan(ctx: click.Context, path: str, prune: bool, as_json: bool) -> int:
    """Show what `apply` would change. Exits 2 when changes are pending, 0 when all is in sync."""
    from ._output import change_text, console, dump, plan_json, summary
    from ._plan import make_plan

    plan_file = _read_plan_file(path)
    hub = _client(ctx)
    with _progress(not as_json, "reading") as step:
        result = make_plan(hub, plan_file, prune=prune, on_vendor=step)
    for vendor, reason in result.skipped.items():
        _note(f"skipped {vendor}: {reason}")
    if as_json:
        dump(plan_json(result))
    else:
        out = console()
        for change in result.changes:
            out.print(change_text(change))
        out.print(summary(result.counts()) if result.pending else f"No changes: {result.unchanged} in sync.")
    return 2 if result.pending else 0


@cli.command()
@_plan_options
@json_option
@secret_option
@click.pass_context
def apply(ctx: click.Context, path: str, prune: bool, as_json: bool, show_secret: bool) -> None:
    """Make the vendors match the file: create, update and (with --prune) remove. Running it twice changes
    nothing the second time."""
    from ._output import applied_json, change_text, console, dump, summary
    from ._plan import Applied, apply_plan, make_plan

    plan_file = _read_plan_file(path)
    hub = _client(ctx)
    with _progress(not as_json, "reading") as step:
        result = make_plan(hub, plan_file, prune=prune, on_vendor=step)
    for vendor, reason in result.skipped.items():
        _note(f"skipped {vendor}: {reason}")
    out = console()
    done: list[Applied] = []

    def report(applied: Applied) -> None:
        done.append(applied)
        if not as_json:
            out.print(change_text(applied.change, done=True))

    try:
        apply_plan(hub, result, on_change=report)
    except UnihookError:
        if as_json:
            dump({**applied_json(result, done, show_secret=show_secret), "complete": False})
        else:
            out.print(f"Stopped after {len(done)} of {len(result.changes)} changes.")
        raise
    if as_json:
        dump({**applied_json(result, done, show_secret=show_secret), "complete": True})
    elif result.pending:
        out.print(summary(result.counts(), done=True))
    else:
        out.print(f"No changes: {result.unchanged} in sync.")


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port on 127.0.0.1.")
def sandbox(port: int) -> None:
    """Serve local stand-ins of the five vendor APIs until Ctrl-C."""
    try:
        from unihook_sandbox import serve
    except ImportError:
        raise CommandError("the sandbox is not installed: pip install 'unihook[sandbox]'") from None

    try:
        serve(port=port)
    except OSError as exc:  # the port is taken or not ours to bind
        raise CommandError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None


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


def _report(exc: UnihookError) -> None:
    from ._plan import PlanFileError

    if isinstance(exc, PlanFileError):
        count = exc.count
        _note(f"error: {exc.source} was rejected ({count} problem{'s' if count != 1 else ''}); nothing was sent")
        for problem in exc.problems:
            _note(f"  {problem}")
        return
    _note(f"error: {_error_line(exc)}")


def run(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="unihook", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        _note("aborted")
        return 130
    except UnihookError as exc:
        if debug:
            traceback.print_exc()
        _report(exc)
        return 1
    except BrokenPipeError:
        # `unihook list | head`: the reader left; point stdout at nothing so the final flush stays quiet.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - the contract: one line, never a traceback (unless --debug)
        if debug:
            traceback.print_exc()
        _note(f"error: unexpected {type(exc).__name__}: {' '.join(str(exc).split())}")
        return 1
    return result if isinstance(result, int) else 0
