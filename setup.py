"""Only what pyproject.toml cannot say: the top-level resources/ folder ships inside the package as
``onesignal_desktop.resources`` (read with importlib.resources), next to every onesignal_desktop package."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["onesignal_desktop", "onesignal_desktop.*"]),
        "onesignal_desktop.resources",
    ],
    package_dir={"onesignal_desktop.resources": "resources"},
)
