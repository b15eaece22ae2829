"""Static files, served by WhiteNoise, including files collected after the server started.

WhiteNoise lists ``STATIC_ROOT`` once, when a server starts. During a rolling upgrade the next
release's files are collected beside the old ones before the servers restart one by one, and a
page from a server already upgraded names a new file (``interdepend.c2d795caf8d3.css``) that the
servers not yet restarted answered 404 (the deployer audit). Here a name with a content hash
that the list lacks is looked for on disk once and, found, kept in the list; any other miss goes
on as before, so an address that names no file costs one look at most for hashed names.
"""

from __future__ import annotations

import os
from typing import Any

from django.http import HttpRequest, HttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.string_utils import ensure_leading_trailing_slash


class LateFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]
    def add_files(self, root: str, prefix: str | None = None) -> None:
        """As WhiteNoise lists a folder, and keep where it is, for files that come later
        (WhiteNoise keeps it only when it looks on disk for every request)."""
        super().add_files(root, prefix)
        if not self.autorefresh:
            where = os.path.abspath(root).rstrip(os.path.sep) + os.path.sep
            self.directories.insert(0, (where, ensure_leading_trailing_slash(prefix)))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path not in self.files and path.startswith(self.static_prefix) and self._hashed(path):
            found: Any = self.find_file(path)
            if found is not None:
                self.files[path] = found
        response: HttpResponse = super().__call__(request)
        return response

    def _hashed(self, url: str) -> bool:
        name = url[len(self.static_prefix) :]
        return bool(name) and self.get_name_without_hash(name) != name
