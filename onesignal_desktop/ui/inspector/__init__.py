"""The request inspector: what the console (or any program) sent the sandbox, live, and a fault switch.

Only offered when the console runs on the sandbox (Console → Request inspector…, Ctrl+Shift+I)."""
