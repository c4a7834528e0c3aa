"""``python -m coach`` runs the CLI."""

from coach.cli import main

raise SystemExit(main())
