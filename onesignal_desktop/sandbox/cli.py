"""``onesignal-desktop sandbox``: serve the sandbox until Ctrl-C or SIGTERM.

The first stdout line (flushed at once) is ``OneSignal sandbox listening on http://HOST:PORT``; the second
is ``Organization key: <key>``, the key it accepts (given by ``--org-key``, else generated once and
remembered, readable only by its owner, in the data directory).

With ``--print-env`` stdout gets ``KEY=value`` lines instead (what a CI job needs: ``ONESIGNAL_API_URL``,
``ONESIGNAL_ORG_API_KEY``, and the first app's ``ONESIGNAL_APP_ID`` and ``ONESIGNAL_REST_API_KEY``), written
once the demo data is there, and the two lines above go to stderr. ``GET /_sandbox/health`` answers 200
as soon as it serves. SIGTERM (or Ctrl-C) lets requests in flight finish, writes the request log, closes the
store and exits 0.
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
from typing import TYPE_CHECKING

from onesignal_desktop import places
from onesignal_desktop.sandbox.faults import FaultConfig, FaultSpecError
from onesignal_desktop.sandbox.ratelimits import PROFILES

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.running import Sandbox

#: how long a stop waits for the requests being answered
STOP_GRACE_SECONDS = 5.0


def default_data_dir() -> Path:
    """Where ``onesignal-desktop sandbox`` keeps its data without ``--data``: ``places`` (the console's
    own module, so both agree), taking over the folder versions before it used on macOS and Windows."""
    now = places.sandbox_command_data_dir()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        if base:
            places.adopt(Path(base) / "OneSignal Desktop" / "sandbox", now)
    elif sys.platform == "darwin":
        places.adopt(Path.home() / "Library" / "Application Support" / "OneSignal Desktop" / "sandbox", now)
    return now


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
    parser.add_argument(
        "--print-env",
        action="store_true",
        help="print ONESIGNAL_API_URL, ONESIGNAL_ORG_API_KEY, ONESIGNAL_APP_ID, ONESIGNAL_REST_API_KEY "
        "as KEY=value lines on stdout (the usual two lines go to stderr)",
    )
    parser.add_argument(
        "--request-log",
        type=_log_size,
        default=None,
        metavar="N",
        help="keep the last N requests in the request log (default 100000; 0: no log)",
    )
    return parser


def _log_size(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if size < 0:
        raise argparse.ArgumentTypeError("the request log's size cannot be negative (0 turns it off)")
    return size


def env_lines(sandbox: Sandbox) -> list[str]:
    """``KEY=value`` lines a CI job sources: where the sandbox is, its keys, and its first app's."""
    from onesignal_desktop.sandbox.testing import ENV_API_URL, ENV_APP_ID, ENV_ORG_API_KEY, ENV_REST_API_KEY

    lines = [f"{ENV_API_URL}={sandbox.base_url}", f"{ENV_ORG_API_KEY}={sandbox.org_key}"]
    apps = sandbox.app_ids()
    if apps:
        lines += [f"{ENV_APP_ID}={apps[0]}", f"{ENV_REST_API_KEY}={sandbox.app_key(apps[0])}"]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    from onesignal_desktop.sandbox import start_sandbox
    from onesignal_desktop.sandbox.store.request_log import DEFAULT_CAPACITY

    org_key = args.org_key or os.environ.get("ONESIGNAL_SANDBOX_ORG_KEY") or None
    done = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    # Set before the start, so a SIGTERM while the demo data is made still ends in a clean stop.
    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
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
            request_log=DEFAULT_CAPACITY if args.request_log is None else args.request_log,
        )
    except OSError as error:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print(
            f"onesignal-desktop sandbox: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr
        )
        return 1
    try:
        human = sys.stderr if args.print_env else sys.stdout
        print(f"OneSignal sandbox listening on {sandbox.base_url}", file=human, flush=True)
        print(f"Organization key: {sandbox.org_key}", file=human, flush=True)
        if args.print_env:
            print("\n".join(env_lines(sandbox)), flush=True)
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
        sandbox.stop(grace_seconds=STOP_GRACE_SECONDS)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("OneSignal sandbox stopped", file=sys.stderr, flush=True)
    return 0
