"""Under ``/static/`` only our files may be kept by the browser (the stranger audit of
2026-12-05).

Every answer is sent with ``Cache-Control: no-store`` except the static files, which the
browser may keep. The exception went by the address: any answer under ``/static/`` was sent with
no rule at all, the page for a file that is not there included. Drawn for her, that page carries
her menu, her count of things waiting and her form key, and a browser may keep it on disk like
any answer without a rule (a page from before an upgrade naming a file no longer there asks for
just such an address). Now only a file WhiteNoise serves goes without ``no-store``.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client

from tests.conftest import Personas

pytestmark = pytest.mark.django_db

#: Addresses under /static/ that name no file: made up, shaped like a hashed name of ours, the
#: folder itself, and a file of ours asked for by a name with another hash.
NOT_FILES = (
    "/static/no-such-file.css",
    "/static/css/interdepend.0123456789ab.css",
    "/static/",
    "/static/js/",
)


def _signed_in(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.alice)
    return client


def test_what_answers_for_a_missing_static_file_is_never_kept(personas: Personas) -> None:
    kept = []
    for client in (Client(), _signed_in(personas)):
        for address in NOT_FILES:
            for method in ("get", "head"):
                answer = getattr(client, method)(address)
                rule = answer.headers.get("Cache-Control", "")
                if answer.status_code != 404 or "no-store" not in rule:
                    kept.append(f"{method.upper()} {address}: {answer.status_code} {rule!r}")
    print(
        f"\naddresses under /static/ that name no file: {len(NOT_FILES) * 4} answers, "
        f"{len(kept)} without no-store"
    )
    assert not kept, kept


def test_her_page_for_a_missing_static_file_is_hers_and_not_kept(personas: Personas) -> None:
    """The page is drawn for her (the reason it matters), and is sent as every page is."""
    answer = _signed_in(personas).get(NOT_FILES[0])
    assert 'action="/logout/"' in answer.content.decode()
    assert answer["Cache-Control"] == "no-store, max-age=0"
    assert answer["Pragma"] == "no-cache"


def test_our_static_files_may_still_be_kept(personas: Personas) -> None:
    for client in (Client(), _signed_in(personas)):
        answer = client.get(static("css/interdepend.css"))
        assert answer.status_code == 200
        assert "no-store" not in answer.headers.get("Cache-Control", "")
        assert "Pragma" not in answer.headers
        # The safety headers stay on a file as on a page.
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in answer["Content-Security-Policy"]
    assert settings.STATIC_URL == "/static/"
