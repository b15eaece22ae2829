"""Whole addresses of the site's pages, for links that leave the page: in e-mails, and the
invitation links a person passes on.

Django builds such a link from the request's Host header, port and all. ``ALLOWED_HOSTS``
checks the name only, so a stranger who asked for her password reset with
``Host: couples.example.org:1`` had a link to port 1 mailed to her (the stranger audit of
2026-12-03, L2). :func:`site_origin` takes the site's own address from the configuration when
it is there (the origin in ``CSRF_TRUSTED_ORIGINS`` that names the host asked for), and keeps a
port from the request only when it is the one this server itself was reached on directly (no
balancer in front: ``make run`` on port 8000).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port


def configured_origin(name: str) -> str | None:
    """The origin listed in ``CSRF_TRUSTED_ORIGINS`` for the host ``name``, if one is."""
    for origin in settings.CSRF_TRUSTED_ORIGINS:
        parts = urlsplit(str(origin))
        if "*" not in parts.netloc and parts.hostname == name and parts.scheme in ("http", "https"):
            return f"{parts.scheme}://{parts.netloc.lower()}"
    return None


def site_origin(request: HttpRequest) -> str:
    """``https://couples.example.org``: the scheme, name and port links to the site are made
    with; never a port that only the request's Host header names."""
    name, port = split_domain_port(request.get_host())
    found = configured_origin(name.strip("[]"))
    if found is not None:
        return found
    direct = settings.SECURE_PROXY_SSL_HEADER is None
    kept = port and direct and port == str(request.META.get("SERVER_PORT", ""))
    return f"{request.scheme}://{name}:{port}" if kept else f"{request.scheme}://{name}"


def site_link(request: HttpRequest, path: str) -> str:
    """The whole address of ``path`` (one that starts with "/") on this site."""
    return site_origin(request) + path
