"""The mark of the version a page was opened on does not give away when she saved (the partner
audit of 2026-12-04, L2): a plain digest of the moment could be reversed by trying every
microsecond of the week, from a page left open or kept in the browser's cache."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from django.test import override_settings

from interdepend.web.frame import versions


def test_a_version_mark_is_keyed_by_the_sites_secret() -> None:
    saved = datetime(2026, 12, 3, 21, 14, 5, 123456, tzinfo=UTC)
    mark = versions.mark_of(saved)
    assert len(mark) == 20 and mark == versions.mark_of(saved)
    assert mark != hashlib.sha256(saved.isoformat().encode()).hexdigest()[:20]
    with override_settings(SECRET_KEY="another site's secret, long enough to be a real one!"):
        assert versions.mark_of(saved) != mark
    assert versions.mark_of(None) == versions.NEW
    versions.expect(saved, mark)
    versions.expect(saved, None)  # an older page without a mark: nothing to check
