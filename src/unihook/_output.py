"""Rendering for the CLI: stable JSON shapes (one envelope for every command) and rich tables. Vendor data is always
wrapped in `Text` so a URL or name containing `[...]` is shown as written, never read as rich markup. Tables never
break an id, a URL or a shown secret: those columns keep their full width (the table grows wider than the terminal
when it must) and only events and names wrap."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ._types import Subscription

if TYPE_CHECKING:  # _plan builds pydantic models on import: `list` and `get` need not pay for that
    from ._fleet import Outcome
    from ._plan import Applied, Change, Plan

MASK = "********"
# Each plan action as a pending and a done verb.
_VERBS = {
    "create": ("create", "created"),
    "update": ("update", "updated"),
    "replace": ("replace", "replaced"),
    "delete": ("delete", "deleted"),
    "disable": ("disable", "disabled"),
}
_SIGNS = {"create": "+", "update": "~", "replace": "!", "delete": "-", "disable": "-"}
_STYLES = {"create": "green", "update": "yellow", "replace": "yellow", "delete": "red", "disable": "red"}


def console(stream: TextIO | None = None, *, stderr: bool = False) -> Console:
    target = stream if stream is not None else (sys.stderr if stderr else sys.stdout)
    is_tty = target.isatty()
    # Piped output keeps whole lines instead of wrapping at rich's default 80 columns.
    return Console(file=target, highlight=False, soft_wrap=not is_tty, width=None if is_tty else 240)


def show(out: Console, renderable: RenderableType) -> None:
    """Print without cropping at the terminal's width: a table wider than the terminal keeps every id and URL whole
    (the terminal folds the long line, copying it still gives the whole value)."""
    out.print(renderable, crop=False)


def _time(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def subscription_json(sub: Subscription, *, show_secret: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "vendor": sub.vendor,
        "id": sub.id,
        "url": sub.url,
        "events": list(sub.events),
        "active": sub.active,
        "name": sub.name,
        "created_at": _time(sub.created_at),
        "updated_at": _time(sub.updated_at),
    }
    if show_secret:
        data["secret"] = sub.secret
    return data


def envelope(command: str | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """What every command prints with --json when it succeeds (`plan` with changes pending included)."""
    return {"ok": True, "command": command, "data": dict(data)}


def error_envelope(
    command: str | None, error: Mapping[str, Any], data: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What every command prints with --json when it fails; `data` only where part of the work was done."""
    result: dict[str, Any] = {"ok": False, "command": command, "error": dict(error)}
    if data is not None:
        result["data"] = dict(data)
    return result


def dump(data: object, stream: TextIO | None = None) -> None:
    out = stream if stream is not None else sys.stdout
    out.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    out.flush()


def _active(value: bool | None) -> Text:
    if value is None:
        return Text("-", style="dim")
    return Text("active", style="green") if value else Text("disabled", style="red")


def _secret(sub: Subscription, show_secret: bool) -> Text:
    if sub.secret is None:
        return Text("-", style="dim")
    return Text(sub.secret if show_secret else MASK)


# Columns whose values are copied into the next command (or a vault): never wrapped, folded or cropped.
_WHOLE = frozenset({"vendor", "id", "url", "state", "secret"})


def _widest(cells: Iterable[Text]) -> int:
    return max((cell.cell_len for cell in cells), default=0)


def _longest_word(cells: Iterable[Text]) -> int:
    return max((cell_len(word) for cell in cells for word in cell.plain.split()), default=0)


# Below this a wrapping column (events, name) is not narrowed: the table grows wider than the terminal instead.
_FLOOR = 12


class FittedTable:
    """A table laid out so that the whole-value columns (ids, URLs, secrets) keep their full width, always. The
    others give way first: down to their longest word (they wrap between words), then down to a floor (a long word
    folds); only when even that does not fit is the table wider than the terminal (rich would shrink every column
    as a last resort, cutting an id or a URL)."""

    def __init__(self, table: Table, floor: Sequence[int], word: Sequence[int], natural: Sequence[int]) -> None:
        """Per column: `floor` the width it never goes below, `word` its longest word, `natural` its widest cell."""
        self.table = table
        self.natural = list(natural)
        self.tiers = [list(floor), [max(f, w) for f, w in zip(floor, word, strict=True)], self.natural]

    def _layout(self, console: Console, options: ConsoleOptions) -> Table:
        table = self.table
        for column in table.columns:
            column.width = None
        table.width = None
        # Padding and borders: what the table measures beyond its cells' widths.
        overhead = Measurement.get(console, options.update_width(1_000_000), table).maximum - sum(self.natural)
        room = options.max_width - overhead
        if sum(self.natural) <= room:
            return table  # fits as it is: rich shrinks nothing
        widths = self.tiers[0]
        spare = room - sum(widths)
        for tier in self.tiers[1:]:
            wants = [t - w for t, w in zip(tier, widths, strict=True)]
            total = sum(wants)
            if spare >= total:
                widths, spare = tier, spare - total
                continue
            if spare > 0:
                widths = [w + spare * want // total for w, want in zip(widths, wants, strict=True)]
            break
        for column, width in zip(table.columns, widths, strict=True):
            column.width = max(width, 1)
        table.width = sum(max(width, 1) for width in widths) + overhead
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._layout(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._layout(console, options))


def subscriptions_table(subs: Sequence[Subscription], *, show_secret: bool = False) -> FittedTable:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    columns = ["vendor", "id", "url", "events", "state", "name"]
    if show_secret or any(s.secret for s in subs):
        columns.append("secret")
    rows: list[list[Text]] = []
    for sub in subs:
        row = [
            Text(sub.vendor),
            Text(sub.id),
            Text(sub.url),
            Text(", ".join(sub.events)),
            _active(sub.active),
            Text(sub.name or "-"),
        ]
        if "secret" in columns:
            row.append(_secret(sub, show_secret))
        rows.append(row)
    floor: list[int] = []
    word: list[int] = []
    natural: list[int] = []
    for index, column in enumerate(columns):
        cells = [Text(column), *(row[index] for row in rows)]
        natural.append(_widest(cells))
        word.append(_longest_word(cells))
        if column in _WHOLE:
            table.add_column(column, no_wrap=True, overflow="ignore")
            floor.append(natural[-1])
        else:  # events and names wrap
            table.add_column(column, overflow="fold")
            floor.append(min(natural[-1], _FLOOR))
    for row in rows:
        table.add_row(*row)
    return FittedTable(table, floor, word, natural)


def subscription_detail(sub: Subscription, *, show_secret: bool = False) -> FittedTable:
    table = Table.grid(padding=(0, 2))
    rows: list[tuple[str, Text]] = [
        ("vendor", Text(sub.vendor)),
        ("id", Text(sub.id)),
        ("url", Text(sub.url)),
        ("events", Text(", ".join(sub.events))),
        ("state", _active(sub.active)),
        ("name", Text(sub.name or "-")),
        ("secret", _secret(sub, show_secret)),
        ("created", Text(_time(sub.created_at) or "-")),
        ("updated", Text(_time(sub.updated_at) or "-")),
    ]
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(label, value)
    labels = _widest(Text(label) for label, _ in rows)
    values = [value for _, value in rows]
    # The value column wraps events and names, and is never narrower than the id, URL or secret.
    whole = max(_widest(value for label, value in rows if label in _WHOLE), min(_widest(values), _FLOOR))
    return FittedTable(table, [labels, whole], [labels, _longest_word(values)], [labels, _widest(values)])


def coverage_table(rows: Iterable[Mapping[str, Any]], operations: Sequence[str]) -> Table:
    table = Table(header_style="bold")
    table.add_column("vendor")
    table.add_column("configured")
    table.add_column("events per registration")
    for op in operations:
        table.add_column(op)
    for row in rows:
        cells = [
            Text(str(row["vendor"])),
            Text("yes", style="green") if row["configured"] else Text("no", style="dim"),
            Text("one" if row["single_event"] else "many"),
        ]
        for op in operations:
            info = row["operations"][op]
            if not info["supported"]:
                cells.append(Text("no", style="red"))
            elif info.get("soft"):
                cells.append(Text("soft", style="yellow"))
            else:
                cells.append(Text("yes", style="green"))
        table.add_row(*cells)
    return table


def _value(value: object) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(str, value)) + "]"
    if value is None:
        return "-"
    return str(value)


def change_json(change: Change) -> dict[str, Any]:
    return {
        "action": change.action,
        "vendor": change.vendor,
        "id": change.id,
        "url": change.url,
        "events": list(change.events),
        "name": change.name,
        "active": change.active,
        "entry": change.entry,
        "diff": {
            name: {
                "from": list(old) if isinstance(old, tuple) else old,
                "to": list(new) if isinstance(new, tuple) else new,
            }
            for name, (old, new) in change.diff.items()
        },
        "reason": change.reason,
    }


def change_text(change: Change, *, done: bool = False) -> Text:
    verb = _VERBS[change.action][1 if done else 0]
    style = _STYLES[change.action]
    text = Text()
    text.append(f"{_SIGNS[change.action]} {verb:<8} ", style=style)
    text.append(f"{change.vendor} ")
    if change.id is not None:
        text.append(f"{change.id} ", style="bold")
    text.append(change.url)
    text.append(f" [{', '.join(change.events)}]")
    if change.entry is not None:
        text.append(f"  (entry {change.entry})", style="dim")
    for name, (old, new) in change.diff.items():
        text.append(f"\n      {name}: {_value(old)} -> {_value(new)}")
    if change.reason:
        text.append(f"\n      {change.reason}", style="dim")
    return text


def summary(counts: Mapping[str, int], *, done: bool = False) -> str:
    if done:
        parts = [
            f"{counts['create']} created",
            f"{counts['update']} updated",
            f"{counts['replace']} replaced",
            f"{counts['delete']} deleted",
            f"{counts['disable']} disabled",
        ]
        return "Applied: " + ", ".join(parts) + f"; {counts['unchanged']} already in sync."
    parts = [
        f"{counts['create']} to create",
        f"{counts['update']} to update",
        f"{counts['replace']} to replace",
        f"{counts['delete']} to delete",
        f"{counts['disable']} to disable",
    ]
    return "Plan: " + ", ".join(parts) + f"; {counts['unchanged']} in sync."


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "pending": plan.pending,
        "changes": [change_json(c) for c in plan.changes],
        "summary": plan.counts(),
        "skipped": [{"vendor": v, "reason": r} for v, r in plan.skipped.items()],
    }


def applied_json(plan: Plan, applied: Sequence[Applied], *, show_secret: bool = False) -> dict[str, Any]:
    return {
        "applied": [
            {**change_json(a.change), "result": [subscription_json(s, show_secret=show_secret) for s in a.result]}
            for a in applied
        ],
        "summary": plan.counts(),
        "skipped": [{"vendor": v, "reason": r} for v, r in plan.skipped.items()],
    }


def _outcome_result(outcome: Outcome, applying: bool) -> str:
    plan = outcome.plan
    if outcome.error is not None:
        done = f" after {len(outcome.applied)} changes" if outcome.applied else ""
        return f"failed{done}: {type(outcome.error).__name__}"
    if plan is None:  # pragma: no cover - a finished outcome has a plan or an error
        return "not run"
    if not plan.pending:
        return f"in sync ({plan.unchanged})"
    counts = plan.counts()
    if applying:
        made = {action: 0 for action in _VERBS}
        for applied in outcome.applied:
            made[applied.change.action] += 1
        parts = [f"{n} {_VERBS[action][1]}" for action, n in made.items() if n]
    else:
        parts = [f"{counts[action]} to {action}" for action in _VERBS if counts[action]]
    return ", ".join(parts) + f"; {counts['unchanged']} in sync"


def fleet_table(outcomes: Sequence[Outcome], *, applying: bool) -> Table:
    table = Table(box=None, pad_edge=False)
    table.add_column("account", no_wrap=True)
    table.add_column("vendor", no_wrap=True)
    table.add_column("result")
    for outcome in outcomes:
        style = "red" if outcome.error is not None else ("green" if outcome.converged(applying) else "yellow")
        table.add_row(
            Text(outcome.target.label), Text(outcome.target.vendor), Text(_outcome_result(outcome, applying), style)
        )
    return table


def fleet_json(outcomes: Sequence[Outcome], *, applying: bool, show_secret: bool = False) -> dict[str, Any]:
    from ._cli import _error_json  # one error shape for every envelope

    accounts = []
    for outcome in outcomes:
        item: dict[str, Any] = {
            "account": outcome.target.account,
            "vendor": outcome.target.vendor,
            "ok": outcome.ok,
            "converged": outcome.converged(applying),
        }
        if outcome.plan is not None:
            item["summary"] = outcome.plan.counts()
            if applying:
                item["applied"] = [
                    {
                        **change_json(a.change),
                        "result": [subscription_json(s, show_secret=show_secret) for s in a.result],
                    }
                    for a in outcome.applied
                ]
            else:
                item["pending"] = outcome.plan.pending
                item["changes"] = [change_json(c) for c in outcome.plan.changes]
        item["error"] = None if outcome.error is None else _error_json(outcome.error)
        accounts.append(item)
    converged = sum(1 for o in outcomes if o.converged(applying))
    failed = sum(1 for o in outcomes if not o.ok)
    pending = len(outcomes) - converged - failed
    what = "pending" if not applying else "not converged"
    line = f"{len(outcomes)} accounts: {converged} {'converged' if applying else 'in sync'}"
    line += f", {pending} {what}" if pending else ""
    line += f", {failed} failed." if failed else "."
    return {
        "accounts": accounts,
        "converged": converged == len(outcomes),
        "summary": {
            "accounts": len(outcomes),
            "converged": converged,
            "pending": pending,
            "failed": failed,
            "line": line,
        },
    }


def deliveries_table(deliveries: Sequence[Mapping[str, Any]]) -> Table:
    """What a sandbox trigger delivered: one row per registration URL."""
    table = Table(box=None, header_style="bold")
    for column in ("registration", "url", "status", "attempts", "outcome"):
        table.add_column(column, no_wrap=column in ("registration", "url"), overflow="ignore")
    for row in deliveries:
        table.add_row(
            *(Text(str(row.get(k) if row.get(k) is not None else "-")) for k in ("registration", "url", "status")),
            Text(str(row.get("attempts", "-"))),
            Text(str(row.get("outcome", "-"))),
        )
    return table
