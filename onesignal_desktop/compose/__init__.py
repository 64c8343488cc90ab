"""Pure-Python building blocks of the notification composer (no Qt).

- :mod:`.journal`: the durable send journal behind "possibly sent" and safe resends.
- :mod:`.drafts`: drafts autosaved to the app data dir and recovered after a crash.
- :mod:`.snippets`: "Copy as curl" / "Copy as Python" with keys masked.
- :mod:`.schedule`: ``send_after`` strings, time-zone and intelligent delivery, arrival previews.
- :mod:`.preflight`: field-keyed validation of a create-notification body before it is sent.
- :mod:`.languages`: OneSignal's language codes.

Everything works on plain dicts shaped like OneSignal's create-notification body.
"""
