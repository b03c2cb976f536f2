from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.api_mode_known import ApiModeKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookMeta")


@_attrs_define
class WebhookMeta:
    """Resource meta. The seed shows `mode`; `organization_id` and `trace_id` are documented for other responses. All
    optional.

        Attributes:
            mode (ApiModeKnown | str | Unset): The environment of the credentials that made the call; open enum.
            organization_id (str | Unset): The organization's id.
            trace_id (str | Unset): Identifier of the request, useful when contacting support.
    """

    mode: ApiModeKnown | str | Unset = UNSET
    organization_id: str | Unset = UNSET
    trace_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mode: str | Unset
        if isinstance(self.mode, Unset):
            mode = UNSET
        elif isinstance(self.mode, ApiModeKnown):
            mode = self.mode.value
        else:
            mode = self.mode

        organization_id = self.organization_id

        trace_id = self.trace_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if mode is not UNSET:
            field_dict["mode"] = mode
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if trace_id is not UNSET:
            field_dict["trace_id"] = trace_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_mode(data: object) -> ApiModeKnown | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mode_type_0 = ApiModeKnown(data)

                return mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApiModeKnown | str | Unset, data)

        mode = _parse_mode(d.pop("mode", UNSET))

        organization_id = d.pop("organization_id", UNSET)

        trace_id = d.pop("trace_id", UNSET)

        webhook_meta = cls(
            mode=mode,
            organization_id=organization_id,
            trace_id=trace_id,
        )

        webhook_meta.additional_properties = d
        return webhook_meta

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
