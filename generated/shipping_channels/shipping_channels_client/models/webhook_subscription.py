from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_known import WebhookEventKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookSubscription")


@_attrs_define
class WebhookSubscription:
    """A webhook subscription as returned. No field is marked required: the get and create examples carry `name` and
    `active`, the list example carries `status` instead.

        Attributes:
            id (str | Unset): The subscription's id, e.g. `wh_123456`.
            name (str | Unset): A descriptive name for the subscription.
            url (str | Unset): The URL that receives webhook notifications.
            events (list[str | WebhookEventKnown] | Unset): The subscribed event types (open enum).
            secret (str | Unset): Always masked in responses (e.g. `••••••••••••••••`): the API never returns the real
                secret, so this value is not a credential and cannot verify signatures.
            active (bool | Unset): Whether the subscription is active (receives notifications).
            status (str | Unset): The subscription's status; `active` in the list example.
            created_at (datetime.datetime | Unset): When the subscription was created (ISO 8601).
            updated_at (datetime.datetime | Unset): When the subscription was last updated (ISO 8601).
    """

    id: str | Unset = UNSET
    name: str | Unset = UNSET
    url: str | Unset = UNSET
    events: list[str | WebhookEventKnown] | Unset = UNSET
    secret: str | Unset = UNSET
    active: bool | Unset = UNSET
    status: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        url = self.url

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
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

        status = self.status

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if url is not UNSET:
            field_dict["url"] = url
        if events is not UNSET:
            field_dict["events"] = events
        if secret is not UNSET:
            field_dict["secret"] = secret
        if active is not UNSET:
            field_dict["active"] = active
        if status is not UNSET:
            field_dict["status"] = status
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        url = d.pop("url", UNSET)

        _events = d.pop("events", UNSET)
        events: list[str | WebhookEventKnown] | Unset = UNSET
        if _events is not UNSET:
            events = []
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

        status = d.pop("status", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        webhook_subscription = cls(
            id=id,
            name=name,
            url=url,
            events=events,
            secret=secret,
            active=active,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
        )

        webhook_subscription.additional_properties = d
        return webhook_subscription

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
