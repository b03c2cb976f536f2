"""The plan/apply engine in-process: file validation and the matching rule on hand-made subscriptions."""

from __future__ import annotations

import textwrap

import pytest

from unihook import Subscription
from unihook._plan import Plan, PlanFile, PlanFileError, compute_plan, parse_plan

ENV = {"HOOK_SECRET": "s3cret-value-123"}


def load(text: str) -> PlanFile:
    return parse_plan(textwrap.dedent(text), environ=ENV)


def problems(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        load(text)
    return [str(p) for p in info.value.problems]


def sub(
    vendor: str,
    id: str,
    url: str,
    *events: str,
    active: bool | None = True,
    name: str | None = None,
    secret: str | None = None,
) -> Subscription:
    return Subscription(vendor=vendor, id=id, url=url, events=events, active=active, name=name, secret=secret)


def actions(plan: Plan) -> list[tuple[str, str | None, str, tuple[str, ...]]]:
    return [(c.action, c.id, c.url, c.events) for c in plan.changes]


# --- validation -------------------------------------------------------------------------------------------------


def test_valid_file_resolves_secret_from_environment() -> None:
    plan_file = load(
        """
        subscriptions:
          - vendor: packcloud
            url: https://hooks.example.com/orders
            events: [order.created]
            secret: ${HOOK_SECRET}
          - {vendor: flxpoint, url: "https://hooks.example.com/f", events: [OrderImportedEvent], active: false}
        prune:
          prefixes: ["https://hooks.example.com/"]
        """
    )
    assert plan_file.subscriptions[0].secret == "s3cret-value-123"
    assert "s3cret" not in repr(plan_file)
    assert plan_file.subscriptions[1].active is False
    assert plan_file.prune.prefixes == ("https://hooks.example.com/",)


def test_every_problem_is_listed_with_entry_and_line() -> None:
    found = problems(
        """
        subscriptions:
          - vendor: nope
            url: https://a.example.com/x
            events: [a]
          - vendor: commercelayer
            url: ftp://a.example.com/x
            events: [orders.place]
          - vendor: commercelayer
            url: https://a.example.com/y
            events: []
          - vendor: shipping_channels
            url: https://a.example.com/z
            events: [shipment.created]
            colour: blue
          - vendor: shipping_channels
            url: https://a.example.com/z
            events: shipment.created
          - vendor: blaze
            url: https://a.example.com/b
            events: [ORDER]
            active: false
          - vendor: packcloud
            url: https://a.example.com/p
            events: [order.created]
            secret: ${NOT_SET_ANYWHERE}
          - vendor: commercelayer
            url: 42
            events: [orders.place]
        """
    )
    text = "\n".join(found)
    assert "line 3, entry 0 (vendor)" in text
    assert "line 7, entry 1 (url)" in text
    assert "absolute http(s)" in text
    assert "entry 2 (events)" in text
    assert "line 15, entry 3 (colour): unknown key" in text
    assert "entry 4" in text
    assert "duplicate: same vendor and url as entry 3" in text
    assert "entry 4 (events)" in text  # a bare string is not a list
    assert "entry 5" in text
    assert "active: false" in text
    assert "entry 6" in text
    assert "NOT_SET_ANYWHERE" in text
    assert "entry 7 (url)" in text
    assert len(found) == 9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("subscriptions: [\n  {vendor: blaze\n", "malformed YAML"),
        ("", "must be a mapping"),
        ("- just a list\n", "must be a mapping"),
        ("subscription: []\n", "unknown key"),
        ("subscriptions: []\nsubscriptions: []\n", "given twice"),
        ("subscriptions: []\nprune: {prefixes: [not-a-url]}\n", "absolute http(s)"),
        ("subscriptions:\n  - {vendor: blaze, url: 'https://x.example/a', events: [A], name: n}\n", "no name"),
        (
            "subscriptions:\n  - {vendor: commercelayer, url: 'https://x.example/a', events: [a], secret: abc}\n",
            "secret",
        ),
        ("subscriptions:\n  - {vendor: flxpoint, url: 'https://x.example/a', events: [a, a]}\n", "twice"),
        ("subscriptions:\n  - {vendor: flxpoint, url: 'https://x.example/a', events: [a], active: maybe}\n", "boolean"),
        ("subscriptions:\n  - !!python/object:os.system {}\n", "malformed YAML"),
    ],
)
def test_bad_files_are_rejected(text: str, expected: str) -> None:
    assert any(expected in p for p in problems(text)), problems(text)


def test_duplicate_event_units_on_single_event_vendor() -> None:
    found = problems(
        """
        subscriptions:
          - {vendor: commercelayer, url: "https://x.example/a", events: [orders.place, orders.cancel]}
          - {vendor: commercelayer, url: "https://x.example/a", events: [orders.cancel]}
          - {vendor: commercelayer, url: "https://x.example/a", events: [orders.approve]}
        """
    )
    assert len(found) == 1
    assert "entry 1" in found[0]
    assert "vendor, url and event" in found[0]


# --- matching ---------------------------------------------------------------------------------------------------

FILE = """
subscriptions:
  - {vendor: shipping_channels, url: "https://hooks.example.com/ship", events: [shipment.created, shipment.updated]}
  - {vendor: commercelayer, url: "https://hooks.example.com/cl", events: [orders.place, orders.cancel], name: Orders}
prune:
  prefixes: ["https://hooks.example.com/"]
"""


def test_everything_missing_is_created_one_registration_per_event() -> None:
    plan = compute_plan(load(FILE), {"shipping_channels": [], "commercelayer": []})
    assert actions(plan) == [
        ("create", None, "https://hooks.example.com/ship", ("shipment.created", "shipment.updated")),
        ("create", None, "https://hooks.example.com/cl", ("orders.place",)),
        ("create", None, "https://hooks.example.com/cl", ("orders.cancel",)),
    ]
    assert plan.pending
    assert plan.counts()["create"] == 3


def test_in_sync_is_no_change_and_event_order_does_not_matter() -> None:
    existing = {
        "shipping_channels": [
            sub("shipping_channels", "s1", "https://hooks.example.com/ship", "shipment.updated", "shipment.created")
        ],
        "commercelayer": [
            sub("commercelayer", "c1", "https://hooks.example.com/cl", "orders.place", name="Orders"),
            sub("commercelayer", "c2", "https://hooks.example.com/cl", "orders.cancel", name="Orders"),
        ],
    }
    plan = compute_plan(load(FILE), existing, prune=True)
    assert not plan.pending
    assert plan.unchanged == 3


def test_field_diffs_are_updates() -> None:
    existing = {
        "shipping_channels": [
            sub("shipping_channels", "s1", "https://hooks.example.com/ship", "shipment.created", active=False)
        ],
        "commercelayer": [
            sub("commercelayer", "c1", "https://hooks.example.com/cl", "orders.place", name="Old"),
            sub("commercelayer", "c2", "https://hooks.example.com/cl", "orders.cancel", name="Orders"),
        ],
    }
    plan = compute_plan(load(FILE), existing)
    assert [(c.action, c.id, sorted(c.diff)) for c in plan.changes] == [
        ("update", "s1", ["active", "events"]),
        ("update", "c1", ["name"]),
    ]


def test_moved_url_under_prefix_is_an_update_not_a_duplicate() -> None:
    existing = {
        "shipping_channels": [
            sub("shipping_channels", "s1", "https://hooks.example.com/old-ship", "shipment.created", "shipment.updated")
        ],
        "commercelayer": [
            sub("commercelayer", "c1", "https://hooks.example.com/old-cl", "orders.place", name="Orders"),
            sub("commercelayer", "c2", "https://hooks.example.com/old-cl", "orders.cancel", name="Orders"),
        ],
    }
    plan = compute_plan(load(FILE), existing, prune=True)
    assert [(c.action, c.id, c.diff["url"][1]) for c in plan.changes] == [
        ("update", "s1", "https://hooks.example.com/ship"),
        ("update", "c1", "https://hooks.example.com/cl"),
        ("update", "c2", "https://hooks.example.com/cl"),
    ]


def test_moved_url_without_a_prefix_is_a_create_even_with_the_same_name() -> None:
    # Without a declared prefix the old URL is nobody's to take: a name could belong to another team's file.
    plan_file = load(
        """
        subscriptions:
          - {vendor: shipping_channels, url: "https://new.example.net/ship", events: [shipment.created], name: Ship}
        """
    )
    existing = {
        "shipping_channels": [
            sub("shipping_channels", "s1", "https://old.example.org/x", "shipment.created", name="Ship")
        ]
    }
    assert [c.action for c in compute_plan(plan_file, existing, prune=True).changes] == ["create"]


def test_moved_url_outside_scope_or_ambiguous_is_a_create() -> None:
    plan_file = load(
        """
        subscriptions:
          - {vendor: shipping_channels, url: "https://hooks.example.com/new", events: [shipment.created]}
        prune: {prefixes: ["https://hooks.example.com/"]}
        """
    )
    outside = {"shipping_channels": [sub("shipping_channels", "s1", "https://elsewhere.example/x", "shipment.created")]}
    assert [c.action for c in compute_plan(plan_file, outside, prune=True).changes] == ["create"]
    two = {
        "shipping_channels": [
            sub("shipping_channels", "s1", "https://hooks.example.com/a", "shipment.created"),
            sub("shipping_channels", "s2", "https://hooks.example.com/b", "shipment.created"),
        ]
    }
    plan = compute_plan(plan_file, two, prune=True)
    assert [(c.action, c.id) for c in plan.changes] == [("create", None), ("delete", "s1"), ("delete", "s2")]


def test_prune_only_touches_declared_urls_and_prefixes() -> None:
    plan_file = load(
        """
        subscriptions:
          - {vendor: commercelayer, url: "https://mine.example/a", events: [orders.place]}
        prune: {prefixes: ["https://hooks.example.com/"]}
        """
    )
    existing = {
        "commercelayer": [
            sub("commercelayer", "keep", "https://mine.example/a", "orders.place"),
            sub("commercelayer", "extra-event", "https://mine.example/a", "orders.cancel"),
            sub("commercelayer", "prefixed", "https://hooks.example.com/z", "orders.place", name="zz"),
            sub("commercelayer", "foreign", "https://someone-else.example/a", "orders.place"),
            sub("commercelayer", "near-miss", "https://hooks.example.community/a", "orders.cancel"),
        ],
        "packcloud": [
            sub("packcloud", "p1", "https://hooks.example.com/p", "order.created"),
            sub("packcloud", "p2", "https://hooks.example.com/q", "order.created", active=False),
        ],
        "blaze": [sub("blaze", "b1", "https://other.example/b", "ORDER", active=None)],
    }
    assert not compute_plan(plan_file, existing).pending  # no prune: nothing outside the file is touched
    plan = compute_plan(plan_file, existing, prune=True)
    assert [(c.action, c.vendor, c.id) for c in plan.changes] == [
        ("delete", "commercelayer", "extra-event"),
        ("delete", "commercelayer", "prefixed"),
        ("disable", "packcloud", "p1"),  # Pack.cloud cannot delete; p2 is already disabled
    ]


def test_prune_matches_a_declared_url_only_on_its_own_vendor() -> None:
    # The same receiving URL on two vendors, declared for Flxpoint only and under no prefix: the Shipping Channels
    # subscription there is another vendor's (another team's) and --prune must never touch it, whatever it holds.
    shared = "https://hooks.example.com/orders"
    plan_file = load(
        f"""
        subscriptions:
          - {{vendor: flxpoint, url: "{shared}", events: [OrderImportedEvent]}}
        """
    )
    existing = {
        "flxpoint": [
            sub("flxpoint", "7", shared, "OrderImportedEvent"),
            sub("flxpoint", "8", shared, "OrderImportedEvent"),  # a surplus duplicate: this one is the file's
        ],
        "shipping_channels": [
            sub("shipping_channels", "wh_1", shared, "shipment.created"),
            sub("shipping_channels", "wh_2", shared, "shipment.created", active=False),
        ],
        "packcloud": [sub("packcloud", "p1", shared, "order.created")],  # would be disabled, not deleted
    }
    for prune in (False, True):
        plan = compute_plan(plan_file, existing, prune=prune)
        assert [c for c in plan.changes if c.vendor != "flxpoint"] == []
    plan = compute_plan(plan_file, existing, prune=True)
    assert [(c.action, c.vendor, c.id) for c in plan.changes] == [("delete", "flxpoint", "8")]
    assert plan.unchanged == 1


def test_surplus_duplicates_are_pruned_and_the_in_sync_one_kept() -> None:
    plan_file = load(
        "subscriptions:\n  - {vendor: flxpoint, url: 'https://x.example/a', events: [OrderImportedEvent]}\n"
    )
    existing = {
        "flxpoint": [
            sub("flxpoint", "1", "https://x.example/a", "OrderImportedEvent", active=False),
            sub("flxpoint", "2", "https://x.example/a", "OrderImportedEvent"),
        ]
    }
    plan = compute_plan(plan_file, existing, prune=True)
    assert [(c.action, c.id) for c in plan.changes] == [("delete", "1")]
    assert plan.unchanged == 1


def test_flxpoint_rename_is_a_replace() -> None:
    plan_file = load(
        "subscriptions:\n  - {vendor: flxpoint, url: 'https://x.example/a', events: [OrderImportedEvent], name: New}\n"
    )
    existing = {"flxpoint": [sub("flxpoint", "7", "https://x.example/a", "OrderImportedEvent", name="Old")]}
    (change,) = compute_plan(plan_file, existing).changes
    assert (change.action, change.id, change.name) == ("replace", "7", "New")


def test_secret_compared_only_where_the_vendor_shows_it() -> None:
    plan_file = load(
        """
        subscriptions:
          - {vendor: packcloud, url: "https://x.example/p", events: [order.created], secret: "${HOOK_SECRET}"}
          - vendor: shipping_channels
            url: https://x.example/s
            events: [shipment.created]
            secret: ${HOOK_SECRET}
        """
    )
    existing = {
        "packcloud": [sub("packcloud", "p1", "https://x.example/p", "order.created", secret="other-secret")],
        "shipping_channels": [sub("shipping_channels", "s1", "https://x.example/s", "shipment.created", secret=None)],
    }
    (change,) = compute_plan(plan_file, existing).changes
    assert (change.action, change.id, list(change.diff)) == ("update", "p1", ["secret"])
    assert "other-secret" not in repr(change)


# --- apply, in-process against the sandbox ----------------------------------------------------------------------


@pytest.mark.slow
def test_apply_replaces_a_renamed_flxpoint_configuration() -> None:
    from unihook import Client
    from unihook._plan import apply_plan, make_plan
    from unihook_sandbox import SandboxServer

    text = (
        "subscriptions:\n  - {vendor: flxpoint, url: 'https://r.example/a', events: [OrderImportedEvent], name: %s}\n"
    )
    with (
        SandboxServer() as server,
        Client(flxpoint_api_token="t", base_urls={"flxpoint": server.base_url("flxpoint")}) as hub,
    ):
        old = hub.create("flxpoint", url="https://r.example/a", events=["OrderImportedEvent"], name="Old")
        plan = make_plan(hub, load(text % "New"))
        assert [(c.action, c.id) for c in plan.changes] == [("replace", old.id)]
        (applied,) = apply_plan(hub, plan)
        (new,) = applied.result
        assert [(s.id, s.name) for s in hub.list("flxpoint")] == [(new.id, "New")]
        assert new.id != old.id


@pytest.mark.slow
def test_plan_and_apply_run_through_an_async_client_too() -> None:
    import asyncio

    from unihook import AsyncClient
    from unihook._plan import apply_plan, make_plan
    from unihook_sandbox import SandboxServer

    plan_file = load(
        "subscriptions:\n"
        "  - {vendor: packcloud, url: 'https://a.example/p', events: [order.created, order.shipped]}\n"
        "  - {vendor: shipping_channels, url: 'https://a.example/s', events: [shipment.created]}\n"
    )

    async def main(base_urls: dict[str, str]) -> tuple[list[str], list[str], int]:
        async with AsyncClient(
            packcloud_api_token="t",
            packcloud_organization_id="org1",
            shipping_channels_api_key="k",
            base_urls=base_urls,
        ) as hub:
            plan = await make_plan(hub, plan_file)
            applied = await apply_plan(hub, plan)
            again = await make_plan(hub, plan_file)
            stored = sorted([s.events[0] async for s in hub.list("packcloud")])
            return [a.change.action for a in applied], stored, len(again.changes)

    with SandboxServer() as server:
        urls = {v: server.base_url(v) for v in ("packcloud", "shipping_channels")}
        actions_done, stored, pending = asyncio.run(main(urls))
    assert actions_done == ["create", "create", "create"]
    assert stored == ["order.created", "order.shipped"]
    assert pending == 0


# --- hostile plan files: refused as plan-file problems with a line, in bounded time and memory -----------------

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["subscriptions: *i"]
)


def test_an_alias_bomb_is_refused_at_its_first_alias_in_bounded_memory() -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        found = problems(BILLION_LAUGHS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == ["line 2: malformed YAML: aliases (*name) are not allowed in plan files; write the value out"]
    assert peak < 5 * 1024 * 1024  # it never expands: the alias is refused when it is first met


ENTRY_TEXT = "subscriptions:\n  - vendor: flxpoint\n    url: https://x.example/h\n    events: [OrderImportedEvent]\n"


def test_a_huge_integer_is_a_problem_with_its_line() -> None:
    found = problems(ENTRY_TEXT + "    active: " + "9" * 100_000 + "\n")
    assert found == ["line 5: the line is longer than 4096 characters"]
    found = problems(ENTRY_TEXT + "    active: " + "9" * 40 + "\n")
    assert found == ["line 5: malformed YAML: an integer of 40 digits is not a plausible value"]


def test_deep_nesting_is_a_problem_with_its_line() -> None:
    found = problems("subscriptions: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert found == ["line 1: more than 20000 `[` and `{`: not a plan file"]
    found = problems("subscriptions:\n" + "  - " * 1 + "[" * 40 + "]" * 40 + "\n")
    assert len(found) == 1
    assert found[0].startswith("line 2: malformed YAML: nested deeper than 32 levels")


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path) -> None:
    from unihook._plan import MAX_PLAN_BYTES, load_plan_file

    path = tmp_path / "big.yaml"
    path.write_text("subscriptions: []\n# " + "x" * MAX_PLAN_BYTES + "\n")
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(path)
    assert [str(p) for p in caught.value.problems] == [
        f"line 1: the file is larger than {MAX_PLAN_BYTES // 1024} KiB, more than any plan needs"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["malformed", "drop-after"])
def test_a_create_that_may_have_been_stored_is_reconciled_by_the_next_plan(fault: str) -> None:
    import unihook
    from unihook import Client
    from unihook._plan import apply_plan, make_plan
    from unihook_sandbox import SandboxServer

    plan_file = load(
        "subscriptions:\n  - {vendor: shipping_channels, url: 'https://m.example/s', events: [shipment.created]}\n"
    )
    with (
        SandboxServer() as server,
        Client(
            shipping_channels_api_key="k", base_urls={"shipping_channels": server.base_url("shipping_channels")}
        ) as hub,
    ):
        plan = make_plan(hub, plan_file)
        server.inject("shipping_channels", fault)
        with pytest.raises((unihook.ServerError, unihook.TransportError)) as caught:
            apply_plan(hub, plan)
        assert caught.value.may_exist is True
        again = make_plan(hub, plan_file)
        assert (again.changes, again.unchanged) == ((), 1)  # stored after all: in sync, never created twice
        assert len(list(hub.list("shipping_channels"))) == 1


def test_a_flood_of_keys_is_refused_while_it_is_read() -> None:
    found = problems("subscriptions: []\n" + "".join(f"k{i}: v{i}\n" for i in range(30_000)))
    assert found == ["line 25000: malformed YAML: more than 50000 keys and values: more than any plan needs"]


def test_problems_past_a_hundred_are_counted_not_listed() -> None:
    with pytest.raises(PlanFileError) as caught:
        load("subscriptions:\n" + "".join("  - vendor: nope\n    url: x\n    events: []\n" for _ in range(200)))
    assert caught.value.count == 600
    assert len(caught.value.problems) == 101
    assert str(caught.value.problems[-1]) == "... and 500 more problems"
