from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code_known import ErrorCodeKnown
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_object_meta import ErrorObjectMeta
    from ..models.error_source import ErrorSource


T = TypeVar("T", bound="ErrorObject")


@_attrs_define
class ErrorObject:
    """One error of a JSON:API error document.

    Attributes:
        title (str | Unset): Short summary of the problem.
        detail (str | Unset): Explanation of this occurrence of the problem.
        code (ErrorCodeKnown | str | Unset): Application error code (e.g. `VALIDATION_ERROR`); open enum.
        status (str | Unset): The HTTP status code, as a string (e.g. `"422"`).
        source (ErrorSource | Unset): Where the error comes from.
        meta (ErrorObjectMeta | Unset): Extra details (e.g. the validation error key), kept as returned.
    """

    title: str | Unset = UNSET
    detail: str | Unset = UNSET
    code: ErrorCodeKnown | str | Unset = UNSET
    status: str | Unset = UNSET
    source: ErrorSource | Unset = UNSET
    meta: ErrorObjectMeta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        detail = self.detail

        code: str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        elif isinstance(self.code, ErrorCodeKnown):
            code = self.code.value
        else:
            code = self.code

        status = self.status

        source: dict[str, Any] | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.to_dict()

        meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.meta, Unset):
            meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if detail is not UNSET:
            field_dict["detail"] = detail
        if code is not UNSET:
            field_dict["code"] = code
        if status is not UNSET:
            field_dict["status"] = status
        if source is not UNSET:
            field_dict["source"] = source
        if meta is not UNSET:
            field_dict["meta"] = meta

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_object_meta import ErrorObjectMeta
        from ..models.error_source import ErrorSource

        d = dict(src_dict)
        title = d.pop("title", UNSET)

        detail = d.pop("detail", UNSET)

        def _parse_code(data: object) -> ErrorCodeKnown | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                code_type_0 = ErrorCodeKnown(data)

                return code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorCodeKnown | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        status = d.pop("status", UNSET)

        _source = d.pop("source", UNSET)
        source: ErrorSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = ErrorSource.from_dict(_source)

        _meta = d.pop("meta", UNSET)
        meta: ErrorObjectMeta | Unset
        if isinstance(_meta, Unset):
            meta = UNSET
        else:
            meta = ErrorObjectMeta.from_dict(_meta)

        error_object = cls(
            title=title,
            detail=detail,
            code=code,
            status=status,
            source=source,
            meta=meta,
        )

        error_object.additional_properties = d
        return error_object

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
