"""The language codes OneSignal accepts as keys of ``contents``, ``headings`` and ``subtitle``."""

from __future__ import annotations

from typing import Final

DEFAULT_LANGUAGE: Final = "en"

#: code -> English name, in the order of OneSignal's language string map.
LANGUAGES: Final[dict[str, str]] = {
    "en": "English",
    "ar": "Arabic",
    "bs": "Bosnian",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "zh-Hans": "Chinese (Simplified)",
    "zh-Hant": "Chinese (Traditional)",
    "zh": "Chinese (same as zh-Hans)",
    "hr": "Croatian",
    "cs": "Czech",
    "da": "Danish",
    "nl": "Dutch",
    "et": "Estonian",
    "fi": "Finnish",
    "fr": "French",
    "ka": "Georgian",
    "de": "German",
    "el": "Greek",
    "hi": "Hindi",
    "he": "Hebrew",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "ms": "Malay",
    "nb": "Norwegian",
    "pl": "Polish",
    "fa": "Persian",
    "pt": "Portuguese",
    "pa": "Punjabi",
    "ro": "Romanian",
    "ru": "Russian",
    "sr": "Serbian",
    "sk": "Slovak",
    "es": "Spanish",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
}

#: Languages written right to left, so previews can align them like a device would.
RIGHT_TO_LEFT: Final = frozenset({"ar", "he", "fa"})


def language_name(code: str) -> str:
    """The English name of ``code``, or the code itself when OneSignal does not know it."""
    return LANGUAGES.get(code, code)
