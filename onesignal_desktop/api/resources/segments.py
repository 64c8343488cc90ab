"""Segments: list, view, create, change, delete (app REST key)."""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.errors import APIStatusError
from onesignal_desktop.api.models import (
    CreateSegmentResponse,
    DeleteSegmentResponse,
    Segment,
    SegmentDetailResponse,
    SegmentSlice,
    UpdateSegmentRequest,
    UpdateSegmentResponse,
)

__all__ = ["SegmentOperations"]

_PATH = "/apps/{app_id}/segments"
GET_SEGMENTS = Operation("get_segments", "GET", _PATH, KeyKind.APP)
GET_SEGMENT = Operation("get_segment", "GET", _PATH + "/{segment_id}", KeyKind.APP)
CREATE_SEGMENTS = Operation("create_segments", "POST", _PATH, KeyKind.APP)
UPDATE_SEGMENT = Operation("update_segment", "PATCH", _PATH + "/{segment_id}", KeyKind.APP)
DELETE_SEGMENTS = Operation("delete_segments", "DELETE", _PATH + "/{segment_id}", KeyKind.APP)


class SegmentOperations(ClientCore):
    def get_segments(self, app_id: str, offset: int | None = None, limit: int | None = None) -> SegmentSlice:
        return self._request(
            GET_SEGMENTS,
            app_id=app_id,
            path_params={"app_id": app_id},
            params={"offset": offset, "limit": limit},
        ).model(SegmentSlice)

    def get_segment(
        self, app_id: str, segment_id: str, include_segment_detail: bool | None = None
    ) -> SegmentDetailResponse:
        return self._request(
            GET_SEGMENT,
            app_id=app_id,
            path_params={"app_id": app_id, "segment_id": segment_id},
            params={"include-segment-detail": include_segment_detail},
        ).model(SegmentDetailResponse)

    def create_segments(self, app_id: str, segment: Segment | Body) -> CreateSegmentResponse:
        """Create a segment from filters; a name already in use raises ConflictError (409)."""
        return self._request(
            CREATE_SEGMENTS, app_id=app_id, path_params={"app_id": app_id}, body=to_payload(segment)
        ).model(CreateSegmentResponse)

    def update_segment(
        self, app_id: str, segment_id: str, segment: UpdateSegmentRequest | Body
    ) -> UpdateSegmentResponse:
        return self._request(
            UPDATE_SEGMENT,
            app_id=app_id,
            path_params={"app_id": app_id, "segment_id": segment_id},
            body=to_payload(segment),
        ).model(UpdateSegmentResponse)

    def delete_segments(self, app_id: str, segment_id: str) -> DeleteSegmentResponse:
        reply = self._request(
            DELETE_SEGMENTS, app_id=app_id, path_params={"app_id": app_id, "segment_id": segment_id}
        )
        result = reply.model(DeleteSegmentResponse)
        if result.success is False:
            raise APIStatusError(
                "delete_segments", ["the server reported success: false"], status=reply.status
            )
        return result
