"""The production URL map plus ``/bench/floor/``: a bare Django view behind the same middleware.

The floor is what the server setup costs on its own (gunicorn, the whole middleware stack with
the session and user looked up); each page's throughput is compared with it.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from interdepend.web.urls import handler404, handler500
from interdepend.web.urls import urlpatterns as production

__all__ = ["handler404", "handler500", "urlpatterns"]


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *production]
