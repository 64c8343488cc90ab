from onesignal_desktop.cli import main

raise SystemExit(main())
