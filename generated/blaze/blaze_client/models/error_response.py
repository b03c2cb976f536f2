from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """BLAZE's error body, in either documented shape: `{error, message, status}` (https://apidocs.blaze.me/getting-
    started/errors) or `{field, message, errorType}` (the Swagger's introduction: "All errors from this API will tell
    you the field that is causing the error, a message associated with that error, and the errorType").

        Attributes:
            error (str | Unset): Short error name (e.g. "Bad Request"); `{error, message, status}` shape.
            message (str | Unset): Human-readable explanation (both shapes).
            status (int | Unset): The HTTP status code, repeated; `{error, message, status}` shape.
            field (str | Unset): The request field causing the error; `{field, message, errorType}` shape.
            error_type (str | Unset): The kind of error, an exception name ("the.error.type.exception" in the Swagger);
                `{field, message, errorType}` shape.
    """

    error: str | Unset = UNSET
    message: str | Unset = UNSET
    status: int | Unset = UNSET
    field: str | Unset = UNSET
    error_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        message = self.message

        status = self.status

        field = self.field

        error_type = self.error_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if message is not UNSET:
            field_dict["message"] = message
        if status is not UNSET:
            field_dict["status"] = status
        if field is not UNSET:
            field_dict["field"] = field
        if error_type is not UNSET:
            field_dict["errorType"] = error_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        error = d.pop("error", UNSET)

        message = d.pop("message", UNSET)

        status = d.pop("status", UNSET)

        field = d.pop("field", UNSET)

        error_type = d.pop("errorType", UNSET)

        error_response = cls(
            error=error,
            message=message,
            status=status,
            field=field,
            error_type=error_type,
        )

        error_response.additional_properties = d
        return error_response

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
