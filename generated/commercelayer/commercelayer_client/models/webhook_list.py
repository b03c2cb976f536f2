from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.included_resource import IncludedResource
    from ..models.webhook import Webhook
    from ..models.webhook_list_links import WebhookListLinks
    from ..models.webhook_list_meta import WebhookListMeta


T = TypeVar("T", bound="WebhookList")


@_attrs_define
class WebhookList:
    """JSON:API document with a page of webhooks.

    Attributes:
        data (list[Webhook]):
        meta (WebhookListMeta | Unset): Totals of a list response.
        links (WebhookListLinks | Unset): Pagination links; `prev` / `next` are null on the first / last page.
        included (list[IncludedResource] | Unset): Related resources requested with `include`.
    """

    data: list[Webhook]
    meta: WebhookListMeta | Unset = UNSET
    links: WebhookListLinks | Unset = UNSET
    included: list[IncludedResource] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.meta, Unset):
            meta = self.meta.to_dict()

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        included: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.included, Unset):
            included = []
            for included_item_data in self.included:
                included_item = included_item_data.to_dict()
                included.append(included_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if meta is not UNSET:
            field_dict["meta"] = meta
        if links is not UNSET:
            field_dict["links"] = links
        if included is not UNSET:
            field_dict["included"] = included

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.included_resource import IncludedResource
        from ..models.webhook import Webhook
        from ..models.webhook_list_links import WebhookListLinks
        from ..models.webhook_list_meta import WebhookListMeta

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Webhook.from_dict(data_item_data)

            data.append(data_item)

        _meta = d.pop("meta", UNSET)
        meta: WebhookListMeta | Unset
        if isinstance(_meta, Unset):
            meta = UNSET
        else:
            meta = WebhookListMeta.from_dict(_meta)

        _links = d.pop("links", UNSET)
        links: WebhookListLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = WebhookListLinks.from_dict(_links)

        _included = d.pop("included", UNSET)
        included: list[IncludedResource] | Unset = UNSET
        if _included is not UNSET:
            included = []
            for included_item_data in _included:
                included_item = IncludedResource.from_dict(included_item_data)

                included.append(included_item)

        webhook_list = cls(
            data=data,
            meta=meta,
            links=links,
            included=included,
        )

        webhook_list.additional_properties = d
        return webhook_list

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
