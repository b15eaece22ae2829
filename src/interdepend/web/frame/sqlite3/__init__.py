"""Django's SQLite backend, finding the statements we keep already in SQLite's own places
(:mod:`interdepend.web.frame.sqlite3.base`, named in ``DATABASES`` by ``web.env``), the two
ways a statement of ours is kept (:func:`kept` and :func:`kept_statement`), and
:func:`kept_rows` and :func:`kept_count`, which run a kept one."""

from interdepend.web.frame.sqlite3.base import kept, kept_count, kept_rows, kept_statement

__all__ = ["kept", "kept_count", "kept_rows", "kept_statement"]
