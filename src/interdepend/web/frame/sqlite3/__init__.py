"""Django's SQLite backend, finding the statements we keep already in SQLite's own places
(:mod:`interdepend.web.frame.sqlite3.base`, named in ``DATABASES`` by ``web.env``), and the two
ways a statement of ours is kept: :func:`kept` and :func:`kept_statement`, and :func:`kept_rows`,
which runs a kept one."""

from interdepend.web.frame.sqlite3.base import kept, kept_rows, kept_statement

__all__ = ["kept", "kept_rows", "kept_statement"]
