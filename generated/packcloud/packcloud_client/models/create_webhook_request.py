from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_code_known import WebhookEventCodeKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWebhookRequest")


@_attrs_define
class CreateWebhookRequest:
    """Body of createWebhook.

    Attributes:
        event_code (str | WebhookEventCodeKnown): The subscribed event; open enum (order.canceled, order.created,
            order.shipped documented).
        endpoint (str): The endpoint to send the event data to; not blank.
        secret (str): The secret used for signing the webhook request; not blank.
        enabled (bool | Unset): Whether events are delivered to the endpoint. The vendor's default is not documented.
    """

    event_code: str | WebhookEventCodeKnown
    endpoint: str
    secret: str
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_code: str
        if isinstance(self.event_code, WebhookEventCodeKnown):
            event_code = self.event_code.value
        else:
            event_code = self.event_code

        endpoint = self.endpoint

        secret = self.secret

        enabled = self.enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_code": event_code,
                "endpoint": endpoint,
                "secret": secret,
            }
        )
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_event_code(data: object) -> str | WebhookEventCodeKnown:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                event_code_type_0 = WebhookEventCodeKnown(data)

                return event_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | WebhookEventCodeKnown, data)

        event_code = _parse_event_code(d.pop("event_code"))

        endpoint = d.pop("endpoint")

        secret = d.pop("secret")

        enabled = d.pop("enabled", UNSET)

        create_webhook_request = cls(
            event_code=event_code,
            endpoint=endpoint,
            secret=secret,
            enabled=enabled,
        )

        create_webhook_request.additional_properties = d
        return create_webhook_request

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
