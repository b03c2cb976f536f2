from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PaginationMeta")


@_attrs_define
class PaginationMeta:
    """Page numbers of a list response.

    Attributes:
        current_page (int | Unset): The page returned, counting from 1.
        from_ (int | None | Unset): Position of the page's first item in the whole list; null on an empty page.
        last_page (int | Unset): The number of the last page.
        path (str | Unset): The list endpoint's URL without query parameters.
        per_page (int | Unset): Items per page.
        to (int | None | Unset): Position of the page's last item in the whole list; null on an empty page.
        total (int | Unset): Number of items in the whole list.
    """

    current_page: int | Unset = UNSET
    from_: int | None | Unset = UNSET
    last_page: int | Unset = UNSET
    path: str | Unset = UNSET
    per_page: int | Unset = UNSET
    to: int | None | Unset = UNSET
    total: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current_page = self.current_page

        from_: int | None | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        last_page = self.last_page

        path = self.path

        per_page = self.per_page

        to: int | None | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if current_page is not UNSET:
            field_dict["current_page"] = current_page
        if from_ is not UNSET:
            field_dict["from"] = from_
        if last_page is not UNSET:
            field_dict["last_page"] = last_page
        if path is not UNSET:
            field_dict["path"] = path
        if per_page is not UNSET:
            field_dict["per_page"] = per_page
        if to is not UNSET:
            field_dict["to"] = to
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        current_page = d.pop("current_page", UNSET)

        def _parse_from_(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        last_page = d.pop("last_page", UNSET)

        path = d.pop("path", UNSET)

        per_page = d.pop("per_page", UNSET)

        def _parse_to(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        total = d.pop("total", UNSET)

        pagination_meta = cls(
            current_page=current_page,
            from_=from_,
            last_page=last_page,
            path=path,
            per_page=per_page,
            to=to,
            total=total,
        )

        pagination_meta.additional_properties = d
        return pagination_meta

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
