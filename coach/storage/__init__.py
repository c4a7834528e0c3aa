"""The note database: SQLite is the source of truth for people, notes, action items,
practice sessions and login accounts. The vector index in ``retrieval/`` is derived from it.
"""
