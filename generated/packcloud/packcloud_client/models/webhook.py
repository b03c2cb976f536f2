from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_code_known import WebhookEventCodeKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="Webhook")


@_attrs_define
class Webhook:
    """A webhook subscription: one event code, one endpoint. The secret is returned in plain text.

    Attributes:
        id (str): ID of the webhook subscription.
        endpoint (str): The endpoint to send the event data to.
        secret (str): The secret used for signing the webhook request (returned in plain text).
        enabled (bool): Whether events are delivered to the endpoint.
        created_at (str): Creation time of resource.
        updated_at (str): Latest update time of resource.
        event_code (str | Unset | WebhookEventCodeKnown): The subscribed event; open enum. Not marked required in the
            seed's response table.
    """

    id: str
    endpoint: str
    secret: str
    enabled: bool
    created_at: str
    updated_at: str
    event_code: str | Unset | WebhookEventCodeKnown = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        endpoint = self.endpoint

        secret = self.secret

        enabled = self.enabled

        created_at = self.created_at

        updated_at = self.updated_at

        event_code: str | Unset
        if isinstance(self.event_code, Unset):
            event_code = UNSET
        elif isinstance(self.event_code, WebhookEventCodeKnown):
            event_code = self.event_code.value
        else:
            event_code = self.event_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "endpoint": endpoint,
                "secret": secret,
                "enabled": enabled,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if event_code is not UNSET:
            field_dict["event_code"] = event_code

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        endpoint = d.pop("endpoint")

        secret = d.pop("secret")

        enabled = d.pop("enabled")

        created_at = d.pop("created_at")

        updated_at = d.pop("updated_at")

        def _parse_event_code(data: object) -> str | Unset | WebhookEventCodeKnown:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                event_code_type_0 = WebhookEventCodeKnown(data)

                return event_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | Unset | WebhookEventCodeKnown, data)

        event_code = _parse_event_code(d.pop("event_code", UNSET))

        webhook = cls(
            id=id,
            endpoint=endpoint,
            secret=secret,
            enabled=enabled,
            created_at=created_at,
            updated_at=updated_at,
            event_code=event_code,
        )

        webhook.additional_properties = d
        return webhook

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
