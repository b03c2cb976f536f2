from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="UpdateWebhookAttributes")


@_attrs_define
class UpdateWebhookAttributes:
    """Attributes to change; every one is optional and the others keep their values.

    Attributes:
        name (str | Unset): A unique name for the webhook (a name another webhook has is refused with 422).
        topic (str | Unset): The event that triggers the webhook, `<resource>.<event>` (e.g. `orders.place`); not blank
            when sent.
        callback_url (str | Unset): The URL that receives the POST for every event; not blank when sent.
        include_resources (list[str] | Unset): Related resources to include in the delivered payload.
        reference (str | Unset): An external identifier for the resource.
        reference_origin (str | Unset): The system the `reference` comes from.
        metadata (Metadata | Unset): Free key-value pairs attached to the resource.
        field_disable (bool | Unset): Send `true` to disable the webhook (sets `disabled_at`).
        field_enable (bool | Unset): Send `true` to enable the webhook again (clears `disabled_at`).
        field_reset_circuit (bool | Unset): Send `true` to close an open circuit breaker and reset its failure count.
    """

    name: str | Unset = UNSET
    topic: str | Unset = UNSET
    callback_url: str | Unset = UNSET
    include_resources: list[str] | Unset = UNSET
    reference: str | Unset = UNSET
    reference_origin: str | Unset = UNSET
    metadata: Metadata | Unset = UNSET
    field_disable: bool | Unset = UNSET
    field_enable: bool | Unset = UNSET
    field_reset_circuit: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        topic = self.topic

        callback_url = self.callback_url

        include_resources: list[str] | Unset = UNSET
        if not isinstance(self.include_resources, Unset):
            include_resources = self.include_resources

        reference = self.reference

        reference_origin = self.reference_origin

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_disable = self.field_disable

        field_enable = self.field_enable

        field_reset_circuit = self.field_reset_circuit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if topic is not UNSET:
            field_dict["topic"] = topic
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if include_resources is not UNSET:
            field_dict["include_resources"] = include_resources
        if reference is not UNSET:
            field_dict["reference"] = reference
        if reference_origin is not UNSET:
            field_dict["reference_origin"] = reference_origin
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if field_disable is not UNSET:
            field_dict["_disable"] = field_disable
        if field_enable is not UNSET:
            field_dict["_enable"] = field_enable
        if field_reset_circuit is not UNSET:
            field_dict["_reset_circuit"] = field_reset_circuit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.metadata import Metadata

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        topic = d.pop("topic", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        include_resources = cast(list[str], d.pop("include_resources", UNSET))

        reference = d.pop("reference", UNSET)

        reference_origin = d.pop("reference_origin", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: Metadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = Metadata.from_dict(_metadata)

        field_disable = d.pop("_disable", UNSET)

        field_enable = d.pop("_enable", UNSET)

        field_reset_circuit = d.pop("_reset_circuit", UNSET)

        update_webhook_attributes = cls(
            name=name,
            topic=topic,
            callback_url=callback_url,
            include_resources=include_resources,
            reference=reference,
            reference_origin=reference_origin,
            metadata=metadata,
            field_disable=field_disable,
            field_enable=field_enable,
            field_reset_circuit=field_reset_circuit,
        )

        update_webhook_attributes.additional_properties = d
        return update_webhook_attributes

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
