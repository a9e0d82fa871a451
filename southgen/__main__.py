from southgen.cli import main

raise SystemExit(main())
