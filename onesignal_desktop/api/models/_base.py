"""The base every OneSignal model shares: unknown fields survive, requests carry only what was set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

# Unknown fields whose name suggests a credential are left out of repr too: a newer server may add one.
_SECRET_LOOKING_NAME = re.compile(r"key|token|secret|password|passwd|auth|p12|p8|certificate", re.IGNORECASE)


class OneSignalModel(BaseModel):
    """A OneSignal JSON object.

    Fields a newer server adds are kept (``extra="allow"``) and written back unchanged, so the console
    never drops data it does not understand. ``to_payload`` leaves out every field the caller did not
    set, because OneSignal rejects explicit nulls in many request bodies.

    A number where the spec says string (``"device_os": 17``) is read as its text rather than failing the
    whole body: the console must keep working when the server is looser than its spec.

    ``repr`` shows only fields that hold a value, never a field declared ``repr=False`` (credentials) and
    never an unknown field whose name looks like a credential.
    """

    # defer_build: each model's validator is built when it is first used, not at import: importing the API
    # layer stays cheap for the console's start-up, which needs only a few models at first.
    model_config = ConfigDict(
        extra="allow", populate_by_name=True, coerce_numbers_to_str=True, defer_build=True
    )

    def to_payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        extra = self.model_extra or {}
        for name, value in super().__repr_args__():
            if value is None:
                continue
            if name in extra and _SECRET_LOOKING_NAME.search(name):
                continue
            yield name, value
