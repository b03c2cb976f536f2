from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_known import WebhookEventKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="AvailableEvent")


@_attrs_define
class AvailableEvent:
    """One entry of the event catalogue.

    Attributes:
        value (str | Unset | WebhookEventKnown): The event type to send in `events` (open enum).
        label (str | Unset): A human-readable name, e.g. "Shipping Channel Created".
        description (str | Unset): When the event fires.
    """

    value: str | Unset | WebhookEventKnown = UNSET
    label: str | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value: str | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        elif isinstance(self.value, WebhookEventKnown):
            value = self.value.value
        else:
            value = self.value

        label = self.label

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if value is not UNSET:
            field_dict["value"] = value
        if label is not UNSET:
            field_dict["label"] = label
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_value(data: object) -> str | Unset | WebhookEventKnown:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                value_type_0 = WebhookEventKnown(data)

                return value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | Unset | WebhookEventKnown, data)

        value = _parse_value(d.pop("value", UNSET))

        label = d.pop("label", UNSET)

        description = d.pop("description", UNSET)

        available_event = cls(
            value=value,
            label=label,
            description=description,
        )

        available_event.additional_properties = d
        return available_event

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
