from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.included_resource_attributes import IncludedResourceAttributes
    from ..models.included_resource_meta import IncludedResourceMeta
    from ..models.included_resource_relationships import IncludedResourceRelationships
    from ..models.resource_links import ResourceLinks


T = TypeVar("T", bound="IncludedResource")


@_attrs_define
class IncludedResource:
    """A related resource requested with `include` (any type).

    Attributes:
        type_ (str): The resource type (e.g. `event_callbacks`).
        id (str): The resource id.
        links (ResourceLinks | Unset): Links of a resource object.
        attributes (IncludedResourceAttributes | Unset): The resource's attributes, kept as returned.
        relationships (IncludedResourceRelationships | Unset): The resource's relationships.
        meta (IncludedResourceMeta | Unset): The resource's meta, kept as returned.
    """

    type_: str
    id: str
    links: ResourceLinks | Unset = UNSET
    attributes: IncludedResourceAttributes | Unset = UNSET
    relationships: IncludedResourceRelationships | Unset = UNSET
    meta: IncludedResourceMeta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        id = self.id

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
                "type": type_,
                "id": id,
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
        from ..models.included_resource_attributes import IncludedResourceAttributes
        from ..models.included_resource_meta import IncludedResourceMeta
        from ..models.included_resource_relationships import (
            IncludedResourceRelationships,
        )
        from ..models.resource_links import ResourceLinks

        d = dict(src_dict)
        type_ = d.pop("type")

        id = d.pop("id")

        _links = d.pop("links", UNSET)
        links: ResourceLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = ResourceLinks.from_dict(_links)

        _attributes = d.pop("attributes", UNSET)
        attributes: IncludedResourceAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = IncludedResourceAttributes.from_dict(_attributes)

        _relationships = d.pop("relationships", UNSET)
        relationships: IncludedResourceRelationships | Unset
        if isinstance(_relationships, Unset):
            relationships = UNSET
        else:
            relationships = IncludedResourceRelationships.from_dict(_relationships)

        _meta = d.pop("meta", UNSET)
        meta: IncludedResourceMeta | Unset
        if isinstance(_meta, Unset):
            meta = UNSET
        else:
            meta = IncludedResourceMeta.from_dict(_meta)

        included_resource = cls(
            type_=type_,
            id=id,
            links=links,
            attributes=attributes,
            relationships=relationships,
            meta=meta,
        )

        included_resource.additional_properties = d
        return included_resource

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
