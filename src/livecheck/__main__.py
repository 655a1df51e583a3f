from livecheck.cli import main

raise SystemExit(main())
