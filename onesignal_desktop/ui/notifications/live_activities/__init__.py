"""The Live activities page of the Notifications tab: start, update and end iOS Live Activities."""
