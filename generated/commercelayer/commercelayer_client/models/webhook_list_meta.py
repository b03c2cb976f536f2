from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookListMeta")


@_attrs_define
class WebhookListMeta:
    """Totals of a list response.

    Attributes:
        record_count (int | Unset): Number of webhooks matching the request, over all pages.
        page_count (int | Unset): Number of pages at the requested page size.
    """

    record_count: int | Unset = UNSET
    page_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        record_count = self.record_count

        page_count = self.page_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if record_count is not UNSET:
            field_dict["record_count"] = record_count
        if page_count is not UNSET:
            field_dict["page_count"] = page_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        record_count = d.pop("record_count", UNSET)

        page_count = d.pop("page_count", UNSET)

        webhook_list_meta = cls(
            record_count=record_count,
            page_count=page_count,
        )

        webhook_list_meta.additional_properties = d
        return webhook_list_meta

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
