from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_circuit_state_known import WebhookCircuitStateKnown
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata


T = TypeVar("T", bound="WebhookAttributes")


@_attrs_define
class WebhookAttributes:
    """The webhook's attributes as returned (any of them may be left out by `fields[webhooks]`).

    Attributes:
        name (None | str | Unset): The webhook's unique name.
        topic (str | Unset): The event that triggers the webhook, `<resource>.<event>` (e.g. `orders.place`).
        callback_url (str | Unset): The URL that receives the POST for every event.
        include_resources (list[str] | None | Unset): Related resources included in the delivered payload.
        disabled_at (datetime.datetime | None | Unset): When the webhook was disabled; null while it is enabled.
        circuit_state (None | str | Unset | WebhookCircuitStateKnown): The circuit-breaker state, `closed` by default;
            open enum.
        circuit_failure_count (int | None | Unset): Consecutive failed deliveries; reset by the first successful one.
        shared_secret (str | Unset): The secret that signs every delivery (`X-CommerceLayer-Signature` = base64 HMAC-
            SHA256 of the raw body). Treat as a credential.
        created_at (datetime.datetime | Unset): When the webhook was created.
        updated_at (datetime.datetime | Unset): When the webhook was last updated.
        reference (None | str | Unset): An external identifier for the resource.
        reference_origin (None | str | Unset): The system the `reference` comes from.
        metadata (Metadata | None | Unset): Free key-value pairs attached to the resource.
    """

    name: None | str | Unset = UNSET
    topic: str | Unset = UNSET
    callback_url: str | Unset = UNSET
    include_resources: list[str] | None | Unset = UNSET
    disabled_at: datetime.datetime | None | Unset = UNSET
    circuit_state: None | str | Unset | WebhookCircuitStateKnown = UNSET
    circuit_failure_count: int | None | Unset = UNSET
    shared_secret: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    reference: None | str | Unset = UNSET
    reference_origin: None | str | Unset = UNSET
    metadata: Metadata | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.metadata import Metadata

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        topic = self.topic

        callback_url = self.callback_url

        include_resources: list[str] | None | Unset
        if isinstance(self.include_resources, Unset):
            include_resources = UNSET
        elif isinstance(self.include_resources, list):
            include_resources = self.include_resources

        else:
            include_resources = self.include_resources

        disabled_at: None | str | Unset
        if isinstance(self.disabled_at, Unset):
            disabled_at = UNSET
        elif isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        circuit_state: None | str | Unset
        if isinstance(self.circuit_state, Unset):
            circuit_state = UNSET
        elif isinstance(self.circuit_state, WebhookCircuitStateKnown):
            circuit_state = self.circuit_state.value
        else:
            circuit_state = self.circuit_state

        circuit_failure_count: int | None | Unset
        if isinstance(self.circuit_failure_count, Unset):
            circuit_failure_count = UNSET
        else:
            circuit_failure_count = self.circuit_failure_count

        shared_secret = self.shared_secret

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        reference_origin: None | str | Unset
        if isinstance(self.reference_origin, Unset):
            reference_origin = UNSET
        else:
            reference_origin = self.reference_origin

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, Metadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

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
        if disabled_at is not UNSET:
            field_dict["disabled_at"] = disabled_at
        if circuit_state is not UNSET:
            field_dict["circuit_state"] = circuit_state
        if circuit_failure_count is not UNSET:
            field_dict["circuit_failure_count"] = circuit_failure_count
        if shared_secret is not UNSET:
            field_dict["shared_secret"] = shared_secret
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if reference is not UNSET:
            field_dict["reference"] = reference
        if reference_origin is not UNSET:
            field_dict["reference_origin"] = reference_origin
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.metadata import Metadata

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        topic = d.pop("topic", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        def _parse_include_resources(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                include_resources_type_0 = cast(list[str], data)

                return include_resources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        include_resources = _parse_include_resources(d.pop("include_resources", UNSET))

        def _parse_disabled_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)

                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at", UNSET))

        def _parse_circuit_state(data: object) -> None | str | Unset | WebhookCircuitStateKnown:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                circuit_state_type_0 = WebhookCircuitStateKnown(data)

                return circuit_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | str | Unset | WebhookCircuitStateKnown, data)

        circuit_state = _parse_circuit_state(d.pop("circuit_state", UNSET))

        def _parse_circuit_failure_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        circuit_failure_count = _parse_circuit_failure_count(d.pop("circuit_failure_count", UNSET))

        shared_secret = d.pop("shared_secret", UNSET)

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

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        def _parse_reference_origin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference_origin = _parse_reference_origin(d.pop("reference_origin", UNSET))

        def _parse_metadata(data: object) -> Metadata | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = Metadata.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Metadata | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        webhook_attributes = cls(
            name=name,
            topic=topic,
            callback_url=callback_url,
            include_resources=include_resources,
            disabled_at=disabled_at,
            circuit_state=circuit_state,
            circuit_failure_count=circuit_failure_count,
            shared_secret=shared_secret,
            created_at=created_at,
            updated_at=updated_at,
            reference=reference,
            reference_origin=reference_origin,
            metadata=metadata,
        )

        webhook_attributes.additional_properties = d
        return webhook_attributes

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
