#!/usr/bin/env bash
# Install the built bundle for this user (default) or system-wide (--system, as root):
#   ./install.sh [--system]        run from dist/onesignal-desktop/ (or packaging/linux/ with BUNDLE=path)
# Copies the bundle to ~/.local/opt/onesignal-desktop (or /opt/onesignal-desktop), links the executable
# into ~/.local/bin (or /usr/local/bin), and installs the .desktop file and the icons.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle="${BUNDLE:-$here}"
if [ ! -x "$bundle/onesignal-desktop" ]; then
    echo "install.sh: no onesignal-desktop executable in $bundle (set BUNDLE=dist/onesignal-desktop)" >&2
    exit 2
fi
if [ "${1:-}" = "--system" ]; then
    opt=/opt/onesignal-desktop bin=/usr/local/bin share=/usr/local/share
else
    opt="$HOME/.local/opt/onesignal-desktop" bin="$HOME/.local/bin" share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
share_src="$bundle/share"
[ -d "$share_src" ] || share_src="$here/../../resources/desktop"  # run from packaging/linux/ in a source tree

mkdir -p "$opt" "$bin" "$share/applications" "$share/icons" "$share/metainfo"
if [ "$(cd "$bundle" && pwd)" != "$(cd "$opt" && pwd)" ]; then
    rm -rf "$opt"
    cp -a "$bundle" "$opt"
fi
ln -sf "$opt/onesignal-desktop" "$bin/onesignal-desktop"
cp "$share_src/applications/io.github.onesignaldesktop.OneSignalDesktop.desktop" "$share/applications/" 2>/dev/null \
    || cp "$share_src/io.github.onesignaldesktop.OneSignalDesktop.desktop" "$share/applications/"
# Exec=onesignal-desktop relies on PATH; point it at the installed copy so menus find it regardless.
sed -i "s|^Exec=onesignal-desktop|Exec=$opt/onesignal-desktop|; s|^TryExec=.*|TryExec=$opt/onesignal-desktop|" \
    "$share/applications/io.github.onesignaldesktop.OneSignalDesktop.desktop"
cp -r "$share_src/icons/hicolor" "$share/icons/"
cp "$share_src/metainfo/io.github.onesignaldesktop.OneSignalDesktop.metainfo.xml" "$share/metainfo/" 2>/dev/null \
    || cp "$share_src/io.github.onesignaldesktop.OneSignalDesktop.metainfo.xml" "$share/metainfo/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "installed: $opt, $bin/onesignal-desktop, $share/applications/io.github.onesignaldesktop.OneSignalDesktop.desktop"
