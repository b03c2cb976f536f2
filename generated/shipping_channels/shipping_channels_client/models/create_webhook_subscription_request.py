from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_known import WebhookEventKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWebhookSubscriptionRequest")


@_attrs_define
class CreateWebhookSubscriptionRequest:
    """Body of createWebhookSubscription.

    Attributes:
        name (str): A descriptive name for the subscription; not blank.
        url (str): The URL that will receive webhook notifications: an http or https URL with a host ("The url must be a
            valid URL.", the seed's 422).
        events (list[str | WebhookEventKnown]): The event types to subscribe to (open enum), at least one: an empty list
            is "The events field is required." (the seed's 422).
        secret (str | Unset): The key that signs webhook payloads, at least 8 characters. When omitted the server
            generates a random secret, which responses never reveal.
        active (bool | Unset): Whether the subscription is active. Vendor default true.
    """

    name: str
    url: str
    events: list[str | WebhookEventKnown]
    secret: str | Unset = UNSET
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        events = []
        for events_item_data in self.events:
            events_item: str
            if isinstance(events_item_data, WebhookEventKnown):
                events_item = events_item_data.value
            else:
                events_item = events_item_data
            events.append(events_item)

        secret = self.secret

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "url": url,
                "events": events,
            }
        )
        if secret is not UNSET:
            field_dict["secret"] = secret
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:

            def _parse_events_item(data: object) -> str | WebhookEventKnown:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    events_item_type_0 = WebhookEventKnown(data)

                    return events_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(str | WebhookEventKnown, data)

            events_item = _parse_events_item(events_item_data)

            events.append(events_item)

        secret = d.pop("secret", UNSET)

        active = d.pop("active", UNSET)

        create_webhook_subscription_request = cls(
            name=name,
            url=url,
            events=events,
            secret=secret,
            active=active,
        )

        create_webhook_subscription_request.additional_properties = d
        return create_webhook_subscription_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
