from pressdesk.cli import main

raise SystemExit(main())
