"""The API keys page of the Segments tab: the current app's REST API keys (organization key)."""
