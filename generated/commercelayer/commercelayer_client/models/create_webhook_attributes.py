from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="CreateWebhookAttributes")


@_attrs_define
class CreateWebhookAttributes:
    """Attributes of a new webhook.

    Attributes:
        topic (str): The event that triggers the webhook, `<resource>.<event>` (e.g. `orders.place`). Not blank: a blank
            topic is a 422 "topic - can't be blank" (UnprocessableEntity).
        callback_url (str): The URL that receives the POST for every event; not blank.
        name (str | Unset): A unique name for the webhook: a name another webhook has is refused with 422 ("has already
            been taken"). Vendor default when omitted: a name built by the vendor ("Webhook {id}" in the docs; the seed's
            example shows `<organization>-<topic>`).
        include_resources (list[str] | Unset): Related resources to include in the delivered payload (e.g. `customer`).
        reference (str | Unset): An external identifier for the resource.
        reference_origin (str | Unset): The system the `reference` comes from.
        metadata (Metadata | Unset): Free key-value pairs attached to the resource.
        field_disable (bool | Unset): Send `true` to create the webhook disabled. New webhooks are enabled otherwise.
        field_enable (bool | Unset): Send `true` to enable the webhook (new webhooks are enabled already).
    """

    topic: str
    callback_url: str
    name: str | Unset = UNSET
    include_resources: list[str] | Unset = UNSET
    reference: str | Unset = UNSET
    reference_origin: str | Unset = UNSET
    metadata: Metadata | Unset = UNSET
    field_disable: bool | Unset = UNSET
    field_enable: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        topic = self.topic

        callback_url = self.callback_url

        name = self.name

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "topic": topic,
                "callback_url": callback_url,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.metadata import Metadata

        d = dict(src_dict)
        topic = d.pop("topic")

        callback_url = d.pop("callback_url")

        name = d.pop("name", UNSET)

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

        create_webhook_attributes = cls(
            topic=topic,
            callback_url=callback_url,
            name=name,
            include_resources=include_resources,
            reference=reference,
            reference_origin=reference_origin,
            metadata=metadata,
            field_disable=field_disable,
            field_enable=field_enable,
        )

        create_webhook_attributes.additional_properties = d
        return create_webhook_attributes

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
