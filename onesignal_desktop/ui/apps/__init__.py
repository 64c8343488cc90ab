"""The Apps tab: the apps table, their details, and the create/edit dialog grouped by platform."""
