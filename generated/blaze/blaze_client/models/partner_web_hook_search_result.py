from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.partner_web_hook import PartnerWebHook


T = TypeVar("T", bound="PartnerWebHookSearchResult")


@_attrs_define
class PartnerWebHookSearchResult:
    """A page of PartnerWebHook objects (BLAZE's SearchResult). Either `values`/`skip`/`limit`/`total` or
    `count`/`total`/`searchResult` is filled.

        Attributes:
            values (list[PartnerWebHook] | Unset): The registrations on this page ({values, skip, limit, total} shape).
            skip (int | Unset): Number of records skipped (the request's `start`).
            limit (int | Unset): Maximum records returned (the request's `limit`).
            total (int | Unset): Total number of matching records.
            count (int | Unset): Number of records on this page ({count, total, searchResult} shape).
            search_result (list[PartnerWebHook] | Unset): The registrations on this page ({count, total, searchResult}
                shape).
    """

    values: list[PartnerWebHook] | Unset = UNSET
    skip: int | Unset = UNSET
    limit: int | Unset = UNSET
    total: int | Unset = UNSET
    count: int | Unset = UNSET
    search_result: list[PartnerWebHook] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        values: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.values, Unset):
            values = []
            for values_item_data in self.values:
                values_item = values_item_data.to_dict()
                values.append(values_item)

        skip = self.skip

        limit = self.limit

        total = self.total

        count = self.count

        search_result: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.search_result, Unset):
            search_result = []
            for search_result_item_data in self.search_result:
                search_result_item = search_result_item_data.to_dict()
                search_result.append(search_result_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if values is not UNSET:
            field_dict["values"] = values
        if skip is not UNSET:
            field_dict["skip"] = skip
        if limit is not UNSET:
            field_dict["limit"] = limit
        if total is not UNSET:
            field_dict["total"] = total
        if count is not UNSET:
            field_dict["count"] = count
        if search_result is not UNSET:
            field_dict["searchResult"] = search_result

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.partner_web_hook import PartnerWebHook

        d = dict(src_dict)
        _values = d.pop("values", UNSET)
        values: list[PartnerWebHook] | Unset = UNSET
        if _values is not UNSET:
            values = []
            for values_item_data in _values:
                values_item = PartnerWebHook.from_dict(values_item_data)

                values.append(values_item)

        skip = d.pop("skip", UNSET)

        limit = d.pop("limit", UNSET)

        total = d.pop("total", UNSET)

        count = d.pop("count", UNSET)

        _search_result = d.pop("searchResult", UNSET)
        search_result: list[PartnerWebHook] | Unset = UNSET
        if _search_result is not UNSET:
            search_result = []
            for search_result_item_data in _search_result:
                search_result_item = PartnerWebHook.from_dict(search_result_item_data)

                search_result.append(search_result_item)

        partner_web_hook_search_result = cls(
            values=values,
            skip=skip,
            limit=limit,
            total=total,
            count=count,
            search_result=search_result,
        )

        partner_web_hook_search_result.additional_properties = d
        return partner_web_hook_search_result

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
