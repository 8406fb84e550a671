from torch101.cli import main

raise SystemExit(main())
