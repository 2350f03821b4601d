"""`python -m contracts_bdd` is the `contracts-bdd` command."""

from contracts_bdd.cli import main

raise SystemExit(main())
