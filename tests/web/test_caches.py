"""Caches that cannot go stale or personal (issue 14, point 6).

Three promises: a cached template fragment, and each part of the frame drawn once, is whole
(it closes every element it opens, so what sits around it can change without breaking the
page); no page any persona can open leaves anything of a person in the cache; and the
carry-over estimate is keyed by the numbers it is made from, so a writer that forgets to stamp
``updated_at`` cannot make it stale.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from interdepend.web.frame.templatetags.frameparts import OPENS, PARTS
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import selectors
from interdepend.web.together.models import ITEMS, CheckIn
from tests.conftest import Personas
from tests.helpers import as_user, cache_entries, count_carryover_fits, enough_shared_weeks

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "interdepend" / "web"
FRAGMENT = re.compile(r"{%\s*cache\b.*?%}(.*?){%\s*endcache\s*%}", re.DOTALL)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.stray: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.stray.append(tag)


def _fragments() -> list[tuple[str, str]]:
    """Every ``{% cache %}`` block, and every part of the frame (drawn once, kept whole)."""
    found = []
    for path in sorted(TEMPLATES.rglob("templates/**/*.html")):
        for body in FRAGMENT.findall(path.read_text()):
            found.append((str(path.relative_to(TEMPLATES)), body))
    for name in PARTS:  # the opening tags (OPENS) are drawn per request and open by design
        path = TEMPLATES / "frame" / "templates" / name
        found.append((str(path.relative_to(TEMPLATES)), path.read_text()))
    assert {"frame/parts/html.html", "frame/parts/body.html"} == {n for n, _d in OPENS.values()}
    return found


def test_every_cached_fragment_closes_what_it_opens() -> None:
    fragments = _fragments()
    broken = []
    for name, body in fragments:
        balance = _Balance()
        balance.feed(TEMPLATE_CODE.sub("", body))
        balance.close()
        if balance.open or balance.stray:
            broken.append(
                f"{name}: left open {balance.open}, closed without opening {balance.stray}"
            )
    print(f"\ncached fragments: {len(fragments)} checked, {len(broken)} not whole")
    assert len(fragments) >= 4, "the fragment finder found too few {% cache %} blocks"
    assert not broken, "\n".join(broken)


@pytest.mark.django_db
def test_the_carryover_estimate_follows_the_numbers_not_a_stamp(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    fits = count_carryover_fits(monkeypatch)
    monday = selectors.this_week()
    enough_shared_weeks(alice, bob, active)  # the estimate is shown
    first = selectors.couple_carryover(alice, active)
    stamps = list(CheckIn.objects.order_by("pk").values_list("updated_at", flat=True))
    # A writer that changes the answers but never touches updated_at.
    changed = CheckIn.objects.filter(owner=bob, week=monday - timedelta(weeks=3)).update(
        **dict.fromkeys(ITEMS, 7)
    )
    assert changed == 1
    assert list(CheckIn.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    second = selectors.couple_carryover(alice, active)
    assert len(fits) == 2, "the changed answers made a new estimate"
    assert second != first
    assert selectors.couple_carryover(alice, active) == second
    assert len(fits) == 2, "the same numbers come from the cache"
    keys = [key for key in cache_entries() if "carryover" in key]
    assert keys and all(re.search(r":carryover:[0-9a-f]{64}$", key) for key in keys)


def test_a_cache_that_stalls_or_went_away_leaves_the_estimate_made_without_it(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache holds nothing that cannot be made again, yet a stalled Redis made the trends
    page answer 500 after two seconds (the deployer audit)."""
    from redis.exceptions import TimeoutError as RedisTimeout

    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    made = selectors.couple_carryover(alice, active)

    class Stalled:
        def __init__(self, misses: bool) -> None:
            self.misses = misses

        def get(self, *args: object, **kwargs: object) -> None:
            if not self.misses:
                raise RedisTimeout("Timeout reading from socket")

        def set(self, *args: object, **kwargs: object) -> None:
            raise RedisTimeout("Timeout writing to socket")

    for misses in (False, True):  # it fails at once, or answers a miss and fails to keep
        monkeypatch.setattr(selectors, "cache", Stalled(misses))
        selectors.forget_estimates()  # not from the process's memory: through the cache
        assert selectors.couple_carryover(alice, active) == made
    selectors.forget_estimates()
    page = as_user(alice).get("/together/trends/")
    assert page.status_code == 200
