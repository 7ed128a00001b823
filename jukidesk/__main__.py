from jukidesk.main import main

raise SystemExit(main())
