"""Pure simulation logic of the sandbox (no I/O): targeting, delivery, outcomes, exports, demo data."""
