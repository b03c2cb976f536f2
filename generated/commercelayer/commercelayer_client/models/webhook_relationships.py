from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.relationship import Relationship


T = TypeVar("T", bound="WebhookRelationships")


@_attrs_define
class WebhookRelationships:
    """The webhook's relationships. The documented ones are listed; any other relationship the API adds is kept and parsed
    as a `Relationship`.

        Attributes:
            last_event_callbacks (Relationship | Unset): A relationship of a resource object.
            versions (Relationship | Unset): A relationship of a resource object.
            event_stores (Relationship | Unset): A relationship of a resource object.
    """

    last_event_callbacks: Relationship | Unset = UNSET
    versions: Relationship | Unset = UNSET
    event_stores: Relationship | Unset = UNSET
    additional_properties: dict[str, Relationship] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_event_callbacks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.last_event_callbacks, Unset):
            last_event_callbacks = self.last_event_callbacks.to_dict()

        versions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.versions, Unset):
            versions = self.versions.to_dict()

        event_stores: dict[str, Any] | Unset = UNSET
        if not isinstance(self.event_stores, Unset):
            event_stores = self.event_stores.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        field_dict.update({})
        if last_event_callbacks is not UNSET:
            field_dict["last_event_callbacks"] = last_event_callbacks
        if versions is not UNSET:
            field_dict["versions"] = versions
        if event_stores is not UNSET:
            field_dict["event_stores"] = event_stores

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.relationship import Relationship

        d = dict(src_dict)
        _last_event_callbacks = d.pop("last_event_callbacks", UNSET)
        last_event_callbacks: Relationship | Unset
        if isinstance(_last_event_callbacks, Unset):
            last_event_callbacks = UNSET
        else:
            last_event_callbacks = Relationship.from_dict(_last_event_callbacks)

        _versions = d.pop("versions", UNSET)
        versions: Relationship | Unset
        if isinstance(_versions, Unset):
            versions = UNSET
        else:
            versions = Relationship.from_dict(_versions)

        _event_stores = d.pop("event_stores", UNSET)
        event_stores: Relationship | Unset
        if isinstance(_event_stores, Unset):
            event_stores = UNSET
        else:
            event_stores = Relationship.from_dict(_event_stores)

        webhook_relationships = cls(
            last_event_callbacks=last_event_callbacks,
            versions=versions,
            event_stores=event_stores,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = Relationship.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        webhook_relationships.additional_properties = additional_properties
        return webhook_relationships

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Relationship:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Relationship) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
