"""The packaging files: the Linux .desktop entry and icons, the PyInstaller spec (run with stand-ins for
PyInstaller's build classes, so each platform's branch is checked on any machine), the icon generator."""

from __future__ import annotations

import configparser
import struct
import subprocess
import sys
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest

from onesignal_desktop.ui.shell.app import parse_args

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP_FILE = ROOT / "resources" / "desktop" / "io.github.onesignaldesktop.OneSignalDesktop.desktop"
HICOLOR = ROOT / "resources" / "desktop" / "icons" / "hicolor"
SPEC = PACKAGING / "onesignal-desktop.spec"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- .desktop ------------------------------------------------------------------------------------------
def desktop_entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser


def test_desktop_entry_launches_the_console_with_its_icon() -> None:
    entry = desktop_entry()["Desktop Entry"]

    assert entry["Type"] == "Application"
    assert entry["Name"] == "OneSignal Desktop"
    assert entry["Exec"] == "onesignal-desktop"  # takes no files or URLs: no %f/%u field codes
    assert entry["TryExec"] == "onesignal-desktop"
    assert entry["Terminal"] == "false"
    assert entry["Icon"] == "onesignal-desktop"
    assert "Development" in entry["Categories"].split(";")
    assert entry["Categories"].endswith(";")
    assert entry["Comment"]


def test_desktop_action_opens_the_sandbox_with_an_option_the_console_knows() -> None:
    parser = desktop_entry()
    actions = [name for name in parser["Desktop Entry"]["Actions"].split(";") if name]

    assert actions == ["Sandbox"]
    command = parser["Desktop Action Sandbox"]["Exec"].split()
    assert command[0] == "onesignal-desktop"
    assert parse_args(command[1:]).sandbox is True


def test_linux_icons_exist_at_every_size_and_as_svg() -> None:
    for size in ICON_SIZES:
        path = HICOLOR / f"{size}x{size}" / "apps" / "onesignal-desktop.png"
        assert png_size(path.read_bytes()) == (size, size), path
    scalable = HICOLOR / "scalable" / "apps" / "onesignal-desktop.svg"
    assert scalable.read_bytes() == (PACKAGING / "icons" / "onesignal-desktop.svg").read_bytes()


def test_desktop_file_validates() -> None:
    # desktop-file-utils is one of the README's test tools (CI installs it): missing, this fails.
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


# --- icon generator --------------------------------------------------------------------------------------
def test_make_icons_writes_linux_windows_and_macos_icons(qapp: Any, tmp_path: Path) -> None:
    sys.path.insert(0, str(PACKAGING))
    try:
        import make_icons
    finally:
        sys.path.remove(str(PACKAGING))

    make_icons.make_icons(tmp_path)

    assert png_size((tmp_path / "hicolor/512x512/apps/onesignal-desktop.png").read_bytes()) == (512, 512)
    ico = (tmp_path / "onesignal-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    for number, size in enumerate(make_icons.ICO_SIZES):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * number : 22 + 16 * number]
        )
        assert (width or 256) == size
        assert png_size(ico[offset : offset + length]) == (size, size)
    icns = (tmp_path / "onesignal-desktop.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns  # the 512 px entry


# --- the spec ---------------------------------------------------------------------------------------------
class BuildStep:
    """Stands in for PyInstaller's Analysis/PYZ/EXE/COLLECT/BUNDLE: records what the spec asked for."""

    made: list[BuildStep]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.made.append(self)


SAMPLE_BINARIES = [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", "src", "BINARY"),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", "src", "BINARY"),
    ("PySide6/Qt/lib/libQt6Svg.so.6", "src", "BINARY"),
    ("PySide6/Qt/lib/libQt6Quick.so.6", "src", "BINARY"),
    ("PySide6/Qt/lib/libQt6QmlModels.so.6", "src", "BINARY"),
    ("PySide6\\Qt6Pdf.dll", "src", "BINARY"),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "src", "BINARY"),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", "src", "BINARY"),
    ("libgtk-3.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "BINARY"),
    ("libpango-1.0.so.0", "/usr/lib/x86_64-linux-gnu/libpango-1.0.so.0", "BINARY"),
    ("libfontconfig.so.1", "/usr/lib/x86_64-linux-gnu/libfontconfig.so.1", "BINARY"),
]
SAMPLE_DATAS = [("PySide6/Qt/translations/qtbase_de.qm", "src", "DATA")]


def run_spec(monkeypatch: pytest.MonkeyPatch, platform: str) -> dict[str, Any]:
    steps: dict[str, list[BuildStep]] = {}
    asked: dict[str, list[str]] = {"collect_submodules": [], "copy_metadata": []}

    def step_class(name: str) -> type[BuildStep]:
        made: list[BuildStep] = []
        steps[name] = made
        return type(name, (BuildStep,), {"made": made})

    class Analysis(step_class("Analysis")):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pure, self.scripts = ["pure"], ["scripts"]
            self.binaries = list(SAMPLE_BINARIES)
            self.datas = [*kwargs["datas"], *SAMPLE_DATAS]

    def collect_submodules(package: str) -> list[str]:
        asked["collect_submodules"].append(package)
        return [f"{package}.ui.apps.tab"]

    def copy_metadata(distribution: str) -> list[tuple[str, str]]:
        asked["copy_metadata"].append(distribution)
        return [(f"/site/{distribution}.dist-info", f"{distribution}.dist-info")]

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = collect_submodules  # type: ignore[attr-defined]
    hooks.copy_metadata = copy_metadata  # type: ignore[attr-defined]
    versioninfo = types.ModuleType("PyInstaller.utils.win32.versioninfo")
    for name in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct"):
        setattr(versioninfo, name, step_class(name))
    versioninfo.VarFileInfo = step_class("VarFileInfo")  # type: ignore[attr-defined]
    versioninfo.VarStruct = step_class("VarStruct")  # type: ignore[attr-defined]
    for name, module in {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.hooks": hooks,
        "PyInstaller.utils.win32": types.ModuleType("PyInstaller.utils.win32"),
        "PyInstaller.utils.win32.versioninfo": versioninfo,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__file__": str(SPEC),
        "SPECPATH": str(PACKAGING),
        "Analysis": Analysis,
        **{name: step_class(name) for name in ("PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    code = compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")
    with monkeypatch.context() as patch:
        patch.setattr(sys, "platform", platform)
        exec(code, namespace)
    return {"steps": steps, "asked": asked, "namespace": namespace}


def test_spec_is_python_naming_the_console_entry_point() -> None:
    compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    launcher = (PACKAGING / "launcher.py").read_text(encoding="utf-8")

    assert project["gui-scripts"] == {"onesignal-desktop": "onesignal_desktop.cli:main"}
    assert "from onesignal_desktop.cli import main" in launcher
    assert "raise SystemExit(main())" in launcher


def test_spec_builds_one_folder_with_every_module_resources_and_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_spec(monkeypatch, "linux")
    steps, namespace = run["steps"], run["namespace"]

    assert namespace["ENTRY_POINT"] == "onesignal_desktop.cli:main"
    (analysis,) = steps["Analysis"]
    assert analysis.args[0] == [str(PACKAGING / "launcher.py")]
    assert run["asked"]["collect_submodules"] == ["onesignal_desktop"]  # tabs are imported by name
    assert "onesignal_desktop.ui.apps.tab" in analysis.kwargs["hiddenimports"]
    assert "onesignal-desktop" in run["asked"]["copy_metadata"]  # __version__ works frozen
    # laid out as in the wheel
    assert (str(ROOT / "resources"), "onesignal_desktop/resources") in analysis.kwargs["datas"]
    assert namespace["VERSION"] == __import__("onesignal_desktop").__version__

    (exe,) = steps["EXE"]
    assert exe.kwargs["name"] == "onesignal-desktop"
    assert exe.kwargs["exclude_binaries"] is True  # one folder, not one file
    (collect,) = steps["COLLECT"]
    assert collect.kwargs["name"] == "onesignal-desktop"
    assert steps["BUNDLE"] == []


def test_spec_leaves_out_unused_qt_parts_but_keeps_the_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_spec(monkeypatch, "linux")
    (analysis,) = run["steps"]["Analysis"]
    kept = {entry[0].replace("\\", "/").rsplit("/", 1)[-1] for entry in analysis.binaries}

    assert kept == {
        "libqxcb.so",
        "libqoffscreen.so",
        "libqwayland.so",
        "libqsvg.so",
        "libqsvgicon.so",
        "libqxdgdesktopportal.so",  # the theme without the host's GTK stack
        "libfontconfig.so.1",  # a host library Qt itself needs
        "libQt6Widgets.so.6",
        "libQt6Svg.so.6",
    }
    assert not any(entry[0].endswith(".qm") for entry in analysis.datas)


def test_spec_makes_a_macos_app_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_spec(monkeypatch, "darwin")
    steps = run["steps"]

    (bundle,) = steps["BUNDLE"]
    assert bundle.kwargs["name"] == "OneSignal Desktop.app"
    assert bundle.kwargs["bundle_identifier"] == run["namespace"]["BUNDLE_ID"]
    assert bundle.kwargs["version"] == run["namespace"]["VERSION"]
    assert bundle.kwargs["info_plist"]["NSHighResolutionCapable"] is True
    (exe,) = steps["EXE"]
    assert exe.kwargs["console"] is False
    icon = exe.kwargs["icon"]
    assert icon is None or icon.endswith(".icns")


def test_spec_makes_a_windowed_windows_app_and_a_console_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_spec(monkeypatch, "win32")
    steps = run["steps"]

    app, console = steps["EXE"]
    assert (app.kwargs["name"], app.kwargs["console"]) == ("onesignal-desktop", False)
    assert (console.kwargs["name"], console.kwargs["console"]) == ("onesignal-desktop-console", True)
    assert app.kwargs["version"] is not None  # file properties show name and version
    assert app.kwargs["icon"] is None or app.kwargs["icon"].endswith(".ico")
    (collect,) = steps["COLLECT"]
    assert collect.args[:2] == (app, console)
    assert steps["BUNDLE"] == []
