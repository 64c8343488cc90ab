"""Canary keys and a scanner that finds them in every form a key could leak in.

A key can leave the process raw, inside an ``Authorization`` header (``Key ...``/``Basic ...``), base64
encoded (alone or inside a longer string such as ``user:key``), URL-encoded, hex encoded or as UTF-16
text. The base64 forms are searched for by the part of the encoding that does not depend on what
surrounds the key, so a key anywhere inside an encoded blob is found.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

BASE32_LOWER = "abcdefghijklmnopqrstuvwxyz234567"


def new_canary() -> str:
    """52 lowercase base32 characters, like the random part of a real OneSignal key; fresh per run."""
    return "".join(secrets.choice(BASE32_LOWER) for _ in range(52))


def _base64_cores(secret: bytes) -> list[bytes]:
    """For each of the three alignments, the base64 characters that encode only bytes of ``secret``."""
    cores: list[bytes] = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + secret)
        start = (offset * 4 + 2) // 3 + (1 if offset else 0)  # skip characters mixing padding bytes
        usable = (len(secret) + offset) // 3 * 4
        cores.append(encoded[start : usable - 4])
    return cores


@dataclass
class SecretForms:
    """Every byte string whose presence would mean ``secret`` leaked."""

    name: str
    secret: str
    forms: dict[str, bytes] = field(init=False)

    def __post_init__(self) -> None:
        raw = self.secret.encode()
        forms: dict[str, bytes] = {
            "raw": raw,
            "Key header": b"Key " + raw,
            "Basic header": b"Basic " + raw,
            "URL-encoded": quote(self.secret, safe="").encode(),
            "form-encoded": quote_plus(self.secret).encode(),
            "hex": binascii.hexlify(raw),
            "UTF-16": self.secret.encode("utf-16-le"),
            "base64": base64.b64encode(raw),
            "base64 (urlsafe)": base64.urlsafe_b64encode(raw),
        }
        for index, core in enumerate(_base64_cores(raw)):
            forms[f"base64 inside a blob (alignment {index})"] = core
        self.forms = forms

    def found_in(self, data: bytes) -> list[str]:
        lowered = data.lower()
        hits = []
        for form, needle in self.forms.items():
            # base64 is case-sensitive; every other form is searched case-insensitively.
            haystack = data if form.startswith("base64") else lowered
            target = needle if form.startswith("base64") else needle.lower()
            if target and target in haystack:
                hits.append(form)
        return hits


class LeakScanner:
    """Looks for any of the given secrets in files and texts; collects every hit with where it was."""

    def __init__(self, named_secrets: Mapping[str, str]) -> None:
        self.secrets = [SecretForms(name, value) for name, value in named_secrets.items() if value]
        self.hits: list[str] = []

    def scan_bytes(self, where: str, data: bytes) -> None:
        for secret in self.secrets:
            for form in secret.found_in(data):
                self.hits.append(f"{secret.name} ({form}) in {where}")

    def scan_text(self, where: str, text: str) -> None:
        self.scan_bytes(where, text.encode("utf-8", "surrogatepass"))

    def scan_texts(self, where: str, texts: Iterable[str]) -> None:
        for index, text in enumerate(texts):
            self.scan_text(f"{where}[{index}]", text)

    def scan_tree(self, root: Path) -> list[Path]:
        """Scan every file under ``root`` (including SQLite WAL/SHM files and hidden files)."""
        scanned = []
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                self.scan_bytes(str(path.relative_to(root)), path.read_bytes())
                scanned.append(path)
        return scanned
