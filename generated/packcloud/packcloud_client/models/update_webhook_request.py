from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_code_known import WebhookEventCodeKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateWebhookRequest")


@_attrs_define
class UpdateWebhookRequest:
    """Body of updateWebhook; every field is optional and only the fields sent are changed.

    Attributes:
        event_code (str | Unset | WebhookEventCodeKnown): The subscribed event; open enum (order.canceled,
            order.created, order.shipped documented).
        endpoint (str | Unset): The endpoint to send the event data to; not blank.
        secret (str | Unset): The secret used for signing the webhook request; not blank.
        enabled (bool | Unset): Whether events are delivered to the endpoint; false disables the webhook.
    """

    event_code: str | Unset | WebhookEventCodeKnown = UNSET
    endpoint: str | Unset = UNSET
    secret: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_code: str | Unset
        if isinstance(self.event_code, Unset):
            event_code = UNSET
        elif isinstance(self.event_code, WebhookEventCodeKnown):
            event_code = self.event_code.value
        else:
            event_code = self.event_code

        endpoint = self.endpoint

        secret = self.secret

        enabled = self.enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if event_code is not UNSET:
            field_dict["event_code"] = event_code
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if secret is not UNSET:
            field_dict["secret"] = secret
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

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

        endpoint = d.pop("endpoint", UNSET)

        secret = d.pop("secret", UNSET)

        enabled = d.pop("enabled", UNSET)

        update_webhook_request = cls(
            event_code=event_code,
            endpoint=endpoint,
            secret=secret,
            enabled=enabled,
        )

        update_webhook_request.additional_properties = d
        return update_webhook_request

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
