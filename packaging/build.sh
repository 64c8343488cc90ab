#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/onesignal-desktop/ (on macOS also dist/OneSignal Desktop.app).
#
#   packaging/build.sh            # installs the package's [package] extra (PyInstaller) if missing, then builds
#
# Environment: PYTHON (default python3). The build's scratch space is packaging/build/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"  # icon rendering needs no display

# The spec reads the version from the installed package's metadata, and needs PyInstaller.
if ! "$PYTHON" -c 'import PyInstaller, importlib.metadata as m; m.version("onesignal-desktop")' 2>/dev/null; then
    "$PYTHON" -m pip install -q -e '.[package]'
fi

"$PYTHON" packaging/make_icons.py packaging/build/icons >/dev/null
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath packaging/build/pyinstaller packaging/onesignal-desktop.spec

# Linux desktop integration travels with the bundle (see packaging/linux/INSTALL.md).
if [ "$(uname -s)" = "Linux" ]; then
    share=dist/onesignal-desktop/share
    mkdir -p "$share/applications" "$share/metainfo"
    cp resources/desktop/io.github.onesignaldesktop.OneSignalDesktop.desktop "$share/applications/"
    cp -r resources/desktop/icons "$share/"
    cp resources/desktop/io.github.onesignaldesktop.OneSignalDesktop.metainfo.xml "$share/metainfo/"
    cp packaging/linux/install.sh packaging/linux/INSTALL.md dist/onesignal-desktop/
fi

version="$(dist/onesignal-desktop/onesignal-desktop --version 2>&1 || true)"
echo "built dist/onesignal-desktop ($(du -sh dist/onesignal-desktop | cut -f1)): ${version}"
