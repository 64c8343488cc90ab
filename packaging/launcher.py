"""The frozen bundle's entry script: the same entry point as the ``onesignal-desktop`` gui-script."""

from onesignal_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
