"""The base every OneSignal model shares: unknown fields survive, requests carry only what was set."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class OneSignalModel(BaseModel):
    """A OneSignal JSON object.

    Fields a newer server adds are kept (``extra="allow"``) and written back unchanged, so the console
    never drops data it does not understand. ``to_payload`` leaves out every field the caller did not
    set, because OneSignal rejects explicit nulls in many request bodies.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
