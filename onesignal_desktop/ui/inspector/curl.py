""" "Copy as curl" for a logged request: the same request against the same sandbox, the key left out.

The log holds only masked keys; the command names a shell variable instead (``$ONESIGNAL_ORG_API_KEY``
for an organization key, ``$ONESIGNAL_REST_API_KEY`` for an app key), so a copied command never carries
a key, and works once the variable is set (``sandbox --print-env`` prints both).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

#: headers curl sets itself, or that only describe the original connection
_LEFT_OUT = frozenset({"host", "content-length", "connection", "accept-encoding", "user-agent", "accept"})


def key_variable(masked_key: str) -> str:
    return "$ONESIGNAL_ORG_API_KEY" if masked_key.startswith("os_v2_org_") else "$ONESIGNAL_REST_API_KEY"


def curl_command(entry: Mapping[str, Any], base_url: str) -> str:
    """A shell command (bash/zsh quoting) repeating ``entry`` (a whole log entry) against ``base_url``."""
    url = base_url.rstrip("/") + str(entry["path"]) + (f"?{entry['query']}" if entry.get("query") else "")
    parts = ["curl", "-sS"]
    if entry["method"] != "GET":
        parts += ["-X", str(entry["method"])]
    parts.append(shlex.quote(url))
    lines = [" ".join(parts)]
    headers: Mapping[str, str] = entry.get("request_headers") or {}
    for name, value in headers.items():
        if name.lower() in _LEFT_OUT:
            continue
        if name.lower() == "authorization":
            scheme = value.split(" ", 1)[0] or "Key"
            # double quotes: the shell fills in the variable
            lines.append(f'-H "Authorization: {scheme} {key_variable(str(entry.get("key", "")))}"')
            continue
        lines.append("-H " + shlex.quote(f"{name}: {value}"))
    body = str(entry.get("request_body") or "")
    if body:
        lines.append("--data-raw " + shlex.quote(body))
    return " \\\n  ".join(lines)
