"""The built-in offline engine: deterministic, rule- and retrieval-based, no model needed.

One module per job (``agenda``, ``career``, ``feedback``, ``practice``, ``questions``,
``summarize`` with ``actions``, ``talking_points``) plus the language check; the LLM
engine in ``coach/jobs/`` falls back to these.
"""

NO_NOTES = "No notes about {name} yet, so this is general advice; add notes (coach notes add) for specific, cited suggestions."
