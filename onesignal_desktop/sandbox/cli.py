"""``onesignal-desktop sandbox``: serve the sandbox until Ctrl-C or SIGTERM.

The first stdout line (flushed at once) is ``OneSignal sandbox listening on http://HOST:PORT``; the second
is ``Organization key: <key>``, the key it accepts (given by ``--org-key``, else generated once and
remembered, readable only by its owner, in the data directory).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from onesignal_desktop.sandbox.faults import FaultConfig, FaultSpecError
from onesignal_desktop.sandbox.ratelimits import PROFILES

APP_DIR_NAME = "onesignal-desktop"


def default_data_dir() -> Path:
    """The per-user data directory (XDG on Linux, Application Support on macOS, AppData on Windows)."""
    if sys.platform == "win32":
        base = Path(
            os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA") or Path.home() / "AppData/Local"
        )
        return base / "OneSignal Desktop" / "sandbox"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "OneSignal Desktop" / "sandbox"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME / "sandbox"


def _fault_spec(text: str) -> str:
    try:
        FaultConfig.parse(text)
    except FaultSpecError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("the port must be between 0 and 65535 (0: any free port)")
    return port


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError("the number of players cannot be negative")
    return count


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onesignal-desktop sandbox",
        description="Serve a local OneSignal-compatible API (at / and /api/v1) backed by SQLite.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=_port, default=0, help="port (default 0: any free port)")
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: the user data dir)")
    parser.add_argument(
        "--org-key", default=None, help="organization key to accept (default: generated and remembered)"
    )
    parser.add_argument("--players", type=_count, default=None, help="generate an app with N players")
    parser.add_argument(
        "--faults", type=_fault_spec, default=None, help='inject faults, e.g. "503=0.05,latency=0.1,seed=7"'
    )
    parser.add_argument(
        "--rate-limits", choices=PROFILES, default=None, help="enforce OneSignal's rate limits"
    )
    parser.add_argument("--no-demo", action="store_true", help="do not seed demo data into an empty store")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    from onesignal_desktop.sandbox import start_sandbox

    org_key = args.org_key or os.environ.get("ONESIGNAL_SANDBOX_ORG_KEY") or None
    try:
        sandbox = start_sandbox(
            args.data or default_data_dir(),
            port=args.port,
            host=args.host,
            org_key=org_key,
            players=args.players,
            faults=args.faults,
            rate_limits=args.rate_limits,
            seed_demo=not args.no_demo,
        )
    except OSError as error:
        print(
            f"onesignal-desktop sandbox: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr
        )
        return 1
    done = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print(f"OneSignal sandbox listening on {sandbox.base_url}", flush=True)
        print(f"Organization key: {sandbox.org_key}", flush=True)
        if not _is_loopback(sandbox.host):
            print(
                f"warning: listening on {sandbox.host}: other machines can reach this local test server",
                file=sys.stderr,
                flush=True,
            )
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
