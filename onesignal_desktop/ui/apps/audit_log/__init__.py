"""The Audit log page of the Apps tab: the organization's changes, filtered, paged, exported."""
