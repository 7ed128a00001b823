from jukidesk.cli import main

raise SystemExit(main())
