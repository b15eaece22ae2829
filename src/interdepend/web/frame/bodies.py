"""How much of a request's body the app reads: what its largest form needs, and no file.

No page of the app takes a file, yet Django saved any file part of a form to a temporary file
as it read the form: a stranger's 300 MB sent to the sign-in page reached the disk that holds
the database before the page answered (the stranger audit of 2026-12-03, M2). Now:

- :class:`BodyLimitMiddleware` answers a body that says it is longer than ``REQUEST_BODY_LIMIT``
  with our "too long to read" page (413) before any of it is read. Django reads no more of a
  body than its ``Content-Length`` says, and nothing of one sent without it (chunked), so this
  bounds what any request makes the app read. The quick exit is let through: it must lock the
  session whatever it carries, and Django's own limits (``DATA_UPLOAD_MAX_MEMORY_SIZE``, and
  the handler below) still bound what it reads there.
- :class:`NoFiles` is the only upload handler: a form that holds a file part is refused as it
  reaches that part, with the same page, and nothing of the file is kept, in memory or on disk.
- :func:`form_of` is how the quick exit, and the middleware around it, read its fields: a body
  Django refuses to read is an empty form there, so the exit still locks and leaves (a form
  middleware read every post first, and answered such an exit with an error page: the session
  stayed open; the ex and stranger audit of 2026-12-04).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse

from interdepend.web.frame.http import longest_text_of


def too_big(request: HttpRequest) -> HttpResponse:
    """Our 413 page: with the box's limit where the form holds a long text, else in general."""
    limit = longest_text_of(request)
    return render(request, "frame/too_long.html", {"limit": limit}, status=413)


def declared_length(request: HttpRequest) -> int:
    """The body's length as its ``Content-Length`` says (0 when it says nothing readable)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.exempt = reverse("frame:quick_exit")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > settings.REQUEST_BODY_LIMIT and request.path != self.exempt:
            return too_big(request)
        return self.get_response(request)


#: What reading a request's form raises when Django will not read it: too long or too many fields
#: (``SuspiciousOperation``), a file part (:class:`NoFiles`), a broken multipart body, a form in a
#: character set other than UTF-8 (``BadRequest``).
UNREADABLE = (SuspiciousOperation, BadRequest, MultiPartParserError)


def form_of(request: HttpRequest) -> QueryDict:
    """The request's form fields; none when Django cannot read its body (:data:`UNREADABLE`)."""
    try:
        return request.POST
    except UNREADABLE:
        return QueryDict()


class NoFiles(FileUploadHandler):
    """Refuses a form's file part as soon as it starts; nothing of it is read into a file."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        raise RequestDataTooBig("no form of the app takes a file")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        raise RequestDataTooBig("no form of the app takes a file")  # pragma: no cover

    def file_complete(self, file_size: int) -> None:
        return None  # pragma: no cover - new_file never lets a file start
