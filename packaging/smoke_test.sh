#!/usr/bin/env bash
# Smoke test of the built bundle: builds it if missing (or with --rebuild), then runs it offscreen:
#   --version matches the package metadata; --self-test (fresh sandbox, API layer, keyring probe, main window
#   listing the demo apps) exits 0 with its one-line report; the frozen child-process dispatch runs the export
#   viewer's CSV job module.
#
#   packaging/smoke_test.sh [--rebuild]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
bundle=dist/onesignal-desktop
exe="$bundle/onesignal-desktop"
started=$(date +%s)

if [ "${1:-}" = "--rebuild" ] || [ ! -x "$exe" ]; then
    bash packaging/build.sh
fi

fail() { echo "smoke test FAILED: $*" >&2; exit 1; }
if [ "$(uname -s)" = "Linux" ]; then
    "$PYTHON" packaging/host_libraries.py "$bundle" || fail "the bundle carries the build host's GTK stack"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# A home of its own: the bundle must not need (or touch) the user's settings.
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
    XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$HOME"

expected_version="$("$PYTHON" -c 'import importlib.metadata as m; print(m.version("onesignal-desktop"))')"
version="$(timeout 60 "$exe" --version)" || fail "--version exited $?"
[ "$version" = "onesignal-desktop $expected_version" ] \
    || fail "--version said '$version', the package metadata says $expected_version"

set +e
report="$(timeout 120 "$exe" --self-test 2>"$scratch/stderr")"
code=$?
set -e
echo "$report"
if [ "$code" -ne 0 ]; then
    cat "$scratch/stderr" >&2
    fail "--self-test exited $code"
fi
[ "$(printf '%s\n' "$report" | wc -l)" -eq 1 ] || fail "--self-test printed more than one line"
printf '%s\n' "$report" | grep -Eq \
    '^self-test ok: api ok \([0-9]+ apps\), sandbox ok \(http://127\.0\.0\.1:[0-9]+\), keyring: .+ \((usable|session-only: .+)\), window ok \([0-9]+ apps listed\) in [0-9.]+ s$' \
    || fail "unexpected report: $report"
if { printf '%s\n' "$report"; cat "$scratch/stderr"; } | grep -Eq 'os_v2_(org|app)_'; then
    fail "a key was printed"
fi

# The frozen app finds keyring's backends through the copied entry-point metadata: with a Secret Service
# running (gnome-keyring on a private D-Bus session, when installed) it must find and use it.
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    keyring_report="$(env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u PYTHON_KEYRING_BACKEND \
        XDG_RUNTIME_DIR="$scratch" timeout 120 dbus-run-session -- sh -c \
        "printf 'smoke-only' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \"\$0\" --self-test" \
        "$exe" 2>"$scratch/stderr")" || { cat "$scratch/stderr" >&2; fail "--self-test with a Secret Service failed"; }
    grep -q 'keyring: [^(]*SecretService[^(]* (usable)' <<<"$keyring_report" \
        || fail "the bundle did not use the running Secret Service: $keyring_report"
    echo "$keyring_report"
else
    echo "smoke test: no dbus-run-session/gnome-keyring-daemon here, the Secret Service check is left out"
fi

# In the bundle sys.executable is the app itself: `-m onesignal_desktop.<module>` must run that module.
printf 'id,name\n1,first\n2,second\n' >"$scratch/export.csv"
job_args="[\"$scratch/export.csv\", \"$scratch\", \"$scratch/offsets.bin\"]"
job_output="$(timeout 60 "$exe" -m onesignal_desktop.ui.players.export_viewer.csv_jobs index "$job_args" "$scratch/cancel")" \
    || fail "the export viewer's child job exited $?"
grep -q '^\["done", {"rows": 2' <<<"$job_output" || fail "the child job did not finish: $job_output"

echo "smoke test ok: $bundle ($(du -sh "$bundle" | cut -f1)) in $(($(date +%s) - started)) s"
