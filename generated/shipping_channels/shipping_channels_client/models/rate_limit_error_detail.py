from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitErrorDetail")


@_attrs_define
class RateLimitErrorDetail:
    """The `error` object of a 429 response.

    Attributes:
        code (str | Unset): `rate_limit_exceeded` in the docs; a plain string so other codes still parse.
        message (str | Unset): A human-readable description, e.g. "Rate limit exceeded. Try again in 47 seconds.".
        retry_after (int | Unset): Seconds to wait before the next request.
    """

    code: str | Unset = UNSET
    message: str | Unset = UNSET
    retry_after: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        retry_after = self.retry_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if retry_after is not UNSET:
            field_dict["retry_after"] = retry_after

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        message = d.pop("message", UNSET)

        retry_after = d.pop("retry_after", UNSET)

        rate_limit_error_detail = cls(
            code=code,
            message=message,
            retry_after=retry_after,
        )

        rate_limit_error_detail.additional_properties = d
        return rate_limit_error_detail

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
