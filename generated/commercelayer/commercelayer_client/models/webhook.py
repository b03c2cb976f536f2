from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_links import ResourceLinks
    from ..models.webhook_attributes import WebhookAttributes
    from ..models.webhook_meta import WebhookMeta
    from ..models.webhook_relationships import WebhookRelationships


T = TypeVar("T", bound="Webhook")


@_attrs_define
class Webhook:
    """A webhook resource object.

    Attributes:
        id (str): The webhook's id.
        type_ (Literal['webhooks']): The JSON:API resource type, always `webhooks`. A `const`, not an open enum: the
            vendor fixes this discriminator, rejects any other value in requests and sends no other in responses.
        links (ResourceLinks | Unset): Links of a resource object.
        attributes (WebhookAttributes | Unset): The webhook's attributes as returned (any of them may be left out by
            `fields[webhooks]`).
        relationships (WebhookRelationships | Unset): The webhook's relationships. The documented ones are listed; any
            other relationship the API adds is kept and parsed as a `Relationship`.
        meta (WebhookMeta | Unset): Resource meta. The seed shows `mode`; `organization_id` and `trace_id` are
            documented for other responses. All optional.
    """

    id: str
    type_: Literal["webhooks"]
    links: ResourceLinks | Unset = UNSET
    attributes: WebhookAttributes | Unset = UNSET
    relationships: WebhookRelationships | Unset = UNSET
    meta: WebhookMeta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        relationships: dict[str, Any] | Unset = UNSET
        if not isinstance(self.relationships, Unset):
            relationships = self.relationships.to_dict()

        meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.meta, Unset):
            meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
            }
        )
        if links is not UNSET:
            field_dict["links"] = links
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if relationships is not UNSET:
            field_dict["relationships"] = relationships
        if meta is not UNSET:
            field_dict["meta"] = meta

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.resource_links import ResourceLinks
        from ..models.webhook_attributes import WebhookAttributes
        from ..models.webhook_meta import WebhookMeta
        from ..models.webhook_relationships import WebhookRelationships

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["webhooks"], d.pop("type"))
        if type_ != "webhooks":
            raise ValueError(f"type must match const 'webhooks', got '{type_}'")

        _links = d.pop("links", UNSET)
        links: ResourceLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = ResourceLinks.from_dict(_links)

        _attributes = d.pop("attributes", UNSET)
        attributes: WebhookAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = WebhookAttributes.from_dict(_attributes)

        _relationships = d.pop("relationships", UNSET)
        relationships: WebhookRelationships | Unset
        if isinstance(_relationships, Unset):
            relationships = UNSET
        else:
            relationships = WebhookRelationships.from_dict(_relationships)

        _meta = d.pop("meta", UNSET)
        meta: WebhookMeta | Unset
        if isinstance(_meta, Unset):
            meta = UNSET
        else:
            meta = WebhookMeta.from_dict(_meta)

        webhook = cls(
            id=id,
            type_=type_,
            links=links,
            attributes=attributes,
            relationships=relationships,
            meta=meta,
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
