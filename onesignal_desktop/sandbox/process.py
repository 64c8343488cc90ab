"""The sandbox in a child process, as the console runs it: ``SandboxProcess.start(data_dir)``.

Why a process: served from the console's own process, the sandbox's request handling (HTTP parsing,
routing, SQLite rows to JSON) is Python work that competes with the UI thread for the GIL, and every
call from a repaint into Python then waits its turn: measured, the longest UI stall while the
Notifications tab auto-refreshes 500 notifications was 17-23 ms in-process and 13 ms with the server in
a child. A child has its own GIL, as OneSignal is another machine.

The parent talks to the child over its standard streams, one JSON object per line:

- the child's first stdout line is ``{"base_url": ..., "org_key": ...}`` once it listens (or
  ``{"error": ...}`` if it cannot start);
- the parent writes ``{"app_key": APP_ID}`` and reads back ``{"app_key": KEY}`` or ``{"error": ...}``;
- end of stdin (the parent closed it, or died) stops the server and ends the child.

The keys travel only over these pipes: no command line, no environment, no file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from onesignal_desktop.child_processes import child_python_path

CHILD_MODULE = "onesignal_desktop.sandbox.process"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


class SandboxProcessError(RuntimeError):
    """The sandbox process did not start, or stopped answering."""


class SandboxProcess:
    """A sandbox served by a child process; offers what the console's connection uses of a sandbox.

    Creating one starts the child at once and returns (the console does it before it builds its window,
    so the two start side by side); :meth:`wait_ready` blocks until it listens. :meth:`start` does both.
    """

    def __init__(self, data_dir: Path | None = None, *, seed_demo: bool = True) -> None:
        self._lock = threading.Lock()
        self._stopped = False
        self.base_url = ""
        self.org_key = ""
        self.data_dir = data_dir
        command = [sys.executable, "-m", CHILD_MODULE]
        if not getattr(sys, "frozen", False):
            command[1:1] = ["-S"]  # the sandbox needs only the standard library: skip site's ~20 ms
        if data_dir is not None:
            command += ["--data", str(data_dir)]
        if not seed_demo:
            command.append("--no-demo")
        # What the child says on stderr goes to an unnamed file: read back if it fails to start, and it
        # cannot fill a pipe nobody reads.
        self._errors: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                text=True,
                encoding="utf-8",
                bufsize=1,
                env=_child_environment(),
            )
        except OSError as error:
            self._errors.close()
            self._stopped = True
            raise SandboxProcessError(f"cannot start the sandbox process: {error}") from None

    @classmethod
    def start(
        cls, data_dir: Path | None = None, *, seed_demo: bool = True, timeout: float = START_TIMEOUT_S
    ) -> SandboxProcess:
        """Start the child (``data_dir`` None: a temporary store) and wait until it listens."""
        sandbox = cls(data_dir, seed_demo=seed_demo)
        sandbox.wait_ready(timeout)
        return sandbox

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> None:
        """Block until the child listens; SandboxProcessError (and the child stopped) if it cannot."""
        if self.base_url:
            return
        ready = _read_ready(self._process, timeout)
        if "error" in ready or "base_url" not in ready:
            with self._lock:
                _end(self._process)  # first: what it wrote to stderr is complete then
            reason = ready.get("error") or _tail(self._errors) or f"exit code {self._process.returncode}"
            self.stop()
            raise SandboxProcessError(f"the sandbox did not start: {reason}")
        self.base_url = str(ready["base_url"])
        self.org_key = str(ready["org_key"])
        self.data_dir = Path(str(ready["data_dir"]))

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def running(self) -> bool:
        return not self._stopped and self._process.poll() is None

    def app_key(self, app_id: str) -> str:
        """The app's REST key (its ``basic_auth_key``); KeyError for an app the sandbox does not have."""
        answer = self._ask({"app_key": app_id})
        if "app_key" not in answer:
            raise KeyError(app_id)
        return str(answer["app_key"])

    def _ask(self, question: dict[str, str]) -> dict[str, Any]:
        with self._lock:  # the client asks from several worker threads
            if not self.running or self._process.stdin is None or self._process.stdout is None:
                raise SandboxProcessError("the sandbox process has stopped")
            try:
                self._process.stdin.write(json.dumps(question) + "\n")
                self._process.stdin.flush()
                line = self._process.stdout.readline()
            except (OSError, ValueError) as error:
                raise SandboxProcessError(f"the sandbox process stopped answering: {error}") from None
        if not line:
            raise SandboxProcessError("the sandbox process has stopped")
        answer = json.loads(line)
        return answer if isinstance(answer, dict) else {}

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        with self._lock:
            _end(self._process)
        self._errors.close()

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"SandboxProcess({self.base_url}, pid={self.pid})"


def _child_environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": child_python_path(os.environ.get("PYTHONPATH", ""))}


def _read_ready(process: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    """The child's first line, or an error when it exits or stays silent for ``timeout`` seconds."""
    assert process.stdout is not None
    stdout = process.stdout
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        return {"error": f"no answer within {timeout:g} s"}
    try:
        ready = json.loads(lines[0]) if lines and lines[0].strip() else {}
    except ValueError:
        return {"error": f"unexpected first line {lines[0][:200]!r}"}
    return ready if isinstance(ready, dict) else {}


def _end(process: subprocess.Popen[str]) -> None:
    """Close the child's stdin (it stops the server and exits), then make sure it is gone."""
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT_S)
    if process.stdout is not None:
        process.stdout.close()


def _tail(errors: IO[str], limit: int = 2000) -> str:
    try:
        errors.seek(0)
        text = errors.read()
    except (OSError, ValueError):
        return ""
    return text.strip()[-limit:]


# ------------------------------------------------------------------------------------------- child


def _answer(sandbox: Any, line: str) -> dict[str, str]:
    try:
        question = json.loads(line)
        app_id = str(question["app_key"])
    except (ValueError, KeyError, TypeError):
        return {"error": "unknown question"}
    if app_id not in sandbox.app_ids():
        return {"error": "no such app"}
    return {"app_key": sandbox.app_key(app_id)}


def _child_options(argv: Sequence[str]) -> tuple[Path | None, bool]:
    """``[--data DIR] [--no-demo]``, parsed by hand: argparse alone costs the child ~14 ms to import."""
    data_dir: Path | None = None
    seed_demo = True
    arguments = list(argv)
    while arguments:
        option = arguments.pop(0)
        if option == "--data" and arguments:
            data_dir = Path(arguments.pop(0))
        elif option == "--no-demo":
            seed_demo = False
        else:
            raise SystemExit(f"{CHILD_MODULE}: unexpected argument {option!r} (the console starts this)")
    return data_dir, seed_demo


def _explained(error: Exception, data_dir: Path | None) -> str:
    """Why the sandbox cannot start, in words that name the folder at fault when it is the folder."""
    if data_dir is not None and isinstance(error, OSError):
        if data_dir.exists() and not data_dir.is_dir():
            return f"its data folder {data_dir} is a file, not a folder (move the file away)"
        return f"cannot use {data_dir} as its data folder: {error.strerror or error}"
    return f"{type(error).__name__}: {error}"


def serve(argv: Sequence[str] | None = None) -> int:
    """The child: start the sandbox, say where it listens, answer questions until stdin ends."""
    data_dir, seed_demo = _child_options(sys.argv[1:] if argv is None else argv)
    from onesignal_desktop.sandbox import start_sandbox

    def say(message: dict[str, str]) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    if sys.stdin is None:  # no pipe from the console: it could neither ask for keys nor stop us
        say({"error": "started without a pipe from the console (standard input is closed)"})
        return 1

    listening = False

    def ready(base_url: str, org_key: str, directory: Path) -> None:
        nonlocal listening
        listening = True
        # Said before the demo data is made (~60 ms on a first start): the console meanwhile loads its
        # API client, and its first request waits in the listen queue until the data is there.
        say({"base_url": base_url, "org_key": org_key, "data_dir": str(directory)})

    try:
        sandbox = start_sandbox(data_dir, seed_demo=seed_demo, on_listening=ready)
    except Exception as error:
        if not listening:
            say({"error": _explained(error, data_dir)})
        print(f"{CHILD_MODULE}: the sandbox did not start: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    try:
        for line in sys.stdin:
            say(_answer(sandbox, line))
    except (KeyboardInterrupt, BrokenPipeError):
        pass  # Ctrl-C in the console's terminal reaches the child too; the parent stops it anyway
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
