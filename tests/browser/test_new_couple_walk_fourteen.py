"""The new-couple walk of 2026-12-05 (the fourteenth): Lena on a phone in Spanish and light
mode, Tomás on a phone in English and dark mode, then each once at 1280 x 900, from the sign-up
page to a fortnight of practice. The days between are rows written through the services, dated
as the tests' fixtures date them; every page is drawn, kept as a screenshot in the test's temp
directory (``tmp_path``), checked with axe and for sideways scrolling.

What the walk met (the web side is held in ``tests/web/test_walk_fourteen.py``):

- On Lena's phone in Spanish, each statement of the inventory and of "Cómo veo a mi pareja" put
  "Omitir" between "Totalmente en desacuerdo" and "Totalmente de acuerdo" broken in two, "Om"
  over "itir".
- Tomás opened Reaching out with Lena's bid waiting at the top; "Recent" below said "Nothing
  yet. What the two of you send each other shows here".
- The day of his promise had passed unmarked: the card above it said "No promises came due in
  the last eight weeks."
- Under both answers to the day's question, "Hablemos de esta" stayed after Lena pressed it
  and the page said it was added.
- In Spanish the data page spoke of "objetivos compartidos" where every other page says
  "metas"."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from interdepend.core.boundary import Step
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.models import Reveal
from interdepend.web.daily import access as daily
from interdepend.web.daily import services as daily_services
from interdepend.web.journal import services as journal
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Membership, Partnership
from interdepend.web.together import services as together
from interdepend.web.together.selectors import this_week
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, confirmation_path, log_in
from tests.browser.test_dates_shown_walk import person
from tests.browser.test_phone_walk_five import choose_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Lena answers as a somewhat enmeshed person, Tomás as a distant one (levels 1-7).
LENA = {"self": 3, "bond": 6, "enmeshment": 6, "distance": 2}
TOMAS = {"self": 6, "bond": 3, "enmeshment": 2, "distance": 6}

#: Each "Skip" beside a row of seven whose words take more than one line.
SKIP_BROKEN = """() => [...document.querySelectorAll('main .scale-ends .skip')].filter(label => {
  const words = [...label.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
  const tops = new Set(words.flatMap(node => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top));
  }));
  return tops.size !== 1;
}).map(label => label.textContent.trim())"""


def skip_broken(page: Page) -> list[str]:
    count = page.locator("main .scale-ends .skip").count()
    assert count > 0, page.url
    broken: list[str] = page.evaluate(SKIP_BROKEN)
    return broken


class Shots:
    """Each page as it stands: a full-page screenshot, axe, and whether it scrolls sideways."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.n = 0
        self.faults: list[str] = []

    def __call__(self, page: Page, name: str) -> None:
        self.n += 1
        page.wait_for_load_state("load")
        page.screenshot(path=str(self.root / f"{self.n:03d}-{name}.png"), full_page=True)
        self.faults += axe_serious(page)
        wide = page.evaluate("document.documentElement.scrollWidth")
        width = page.viewport_size["width"] if page.viewport_size else 0
        if wide > width:
            self.faults.append(f"{page.url}: scrolls sideways ({wide} > {width})")


def sign_up_in(page: Page, name: str, email: str, language: str, shots: Shots) -> None:
    """Sign up from the bare sign-up page in her language, by the fields' names."""
    who = name.lower()
    page.goto("/signup/")
    if language == "es":
        choose_language(page, "es")
    shots(page, f"{who}-signup")
    page.locator("input[name=display_name]").fill(name)
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/signup/sent/")
    shots(page, f"{who}-signup-sent")
    page.goto(confirmation_path(email))
    shots(page, f"{who}-confirm")
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/")
    shots(page, f"{who}-home-new")


def take_inventory(page: Page, levels: dict[str, int], shots: Shots, who: str) -> None:
    """Answer every page as someone of these levels would, then the safety questions."""
    answers = profile_answers(selectors.inventory(), levels)
    page.goto("/me/assessment/")
    shots(page, f"{who}-inventory-start")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    number = 0
    while page.locator("button[name=action][value=next]").count():
        number += 1
        for radio in page.locator("main input[type=radio][name^=item-]").all():
            item = (radio.get_attribute("name") or "").removeprefix("item-")
            if item in answers and radio.get_attribute("value") == str(answers[item]):
                radio.check(force=True)
        if number == 1:
            shots(page, f"{who}-inventory-page-1")
            assert skip_broken(page) == []
        with page.expect_navigation():
            page.locator("button[name=action][value=next]").click()
    shots(page, f"{who}-inventory-safety")
    for fieldset in page.locator("main fieldset").all():
        fieldset.locator("input[type=radio]").first.check(force=True)
    with page.expect_navigation():
        page.locator("button[name=action][value=finish]").click()
    expect(page.locator("main figure.map img")).to_be_visible()
    shots(page, f"{who}-result")


def password_for_step(page: Page) -> None:
    """Type the password a step asks for, on the page that asks, in either language."""
    page.wait_for_load_state("load")
    page.locator("main input[type=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def linked_and_shared(lena: Page, tomas: Page, shots: Shots) -> None:
    """Lena invites, Tomás accepts by the code; each shares the result."""
    lena.goto("/us/")
    shots(lena, "lena-us-alone")
    lena.locator("main input[type=password]").fill(PASSWORD)
    with lena.expect_navigation():
        lena.locator("main form button[type=submit]").first.click()
    shots(lena, "lena-invitation")
    code = lena.locator("#invite-code").inner_text().strip()
    tomas.goto("/us/")
    tomas.get_by_label("Invitation code").fill(code)
    tomas.get_by_role("button", name="Look up the invitation").click()
    shots(tomas, "tomas-invitation-found")
    tomas.get_by_label("Your password").fill(PASSWORD)
    tomas.get_by_role("button", name="Accept").click()
    expect(tomas.get_by_role("heading", name="You and Lena")).to_be_visible()
    shots(tomas, "tomas-linked")
    lena.goto("/us/couple/")
    shots(lena, "lena-couple-before")
    lena.get_by_role("button", name="Compartir mi resultado más reciente").click()
    password_for_step(lena)
    tomas.goto("/us/couple/")
    tomas.get_by_role("button", name="Share my latest result").click()
    password_for_step(tomas)
    expect(tomas.locator("#couple-scales")).to_be_visible()
    shots(tomas, "tomas-couple-open")
    lena.goto("/us/couple/")
    shots(lena, "lena-couple-open")


#: The pages each of them looks at in the fortnight.
PAGES = [
    "/",
    "/today/",
    "/today/past/",
    "/together/",
    "/together/check-in/",
    "/together/trends/",
    "/together/bids/",
    "/together/promises/",
    "/together/boundaries/",
    "/together/goals/",
    "/together/circle/",
    "/decide/",
    "/me/journal/",
    "/me/journal/write/",
    "/account/",
    "/safety/",
    "/about/",
    "/me/data/",
    "/us/",
    "/us/couple/",
]


def look_around(page: Page, who: str, shots: Shots) -> None:
    for path in PAGES:
        page.goto(path)
        shots(page, f"{who}-{path.strip('/').replace('/', '-') or 'home'}")


def his_day(tomas: Page, shots: Shots) -> None:
    """Tomás answers Lena's bid, hears her boundary and says how his promise went."""
    tomas.goto("/together/bids/")
    recent = tomas.locator("#bids-recent")
    expect(recent).to_contain_text("Nothing answered yet. Once you answer what is waiting above")
    expect(recent).not_to_contain_text("Nothing yet.")
    tomas.get_by_role("button", name="Yes, now").click()
    expect(recent).to_contain_text("Walk after dinner?")
    shots(tomas, "tomas-bid-answered")
    tomas.goto("/together/boundaries/")
    tomas.get_by_role("link", name="I keep Thursday evenings for choir.").click()
    shots(tomas, "tomas-boundary")
    tomas.get_by_role("button", name="I hear this and will respect it").click()
    expect(tomas.get_by_text("Acknowledged.", exact=True)).to_be_visible()
    shots(tomas, "tomas-boundary-heard")
    tomas.goto("/together/promises/")
    follow = tomas.locator("#promises-follow")
    expect(follow).to_contain_text("The day came for 1 promise, and how it went is not marked")
    expect(follow).not_to_contain_text("No promises came due")
    tomas.get_by_role("button", name="I kept it").click()
    expect(follow).to_contain_text("In the last eight weeks:")
    expect(follow.locator("li")).to_have_text(["1 promise was kept"])
    expect(follow).not_to_contain_text("The day came for")
    shots(tomas, "tomas-promise-kept")


def todays_question(lena: Page, tomas: Page, shots: Shots) -> None:
    for page, who, text in ((lena, "lena", "Un paseo corto."), (tomas, "tomas", "A short walk.")):
        page.goto("/today/")
        page.locator("main textarea").fill(text)
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator("main")).to_contain_text(text)
        shots(page, f"{who}-today-answered")
    lena.goto("/today/")
    expect(lena.locator("main")).to_contain_text("A short walk.")
    shots(lena, "lena-today-both")
    lena.get_by_role("button", name="Hablemos de esta").click()
    expect(lena.get_by_text("Añadida a las preguntas de las que quieres hablar.")).to_be_visible()
    expect(lena.get_by_text("En tu lista de temas para hablar.")).to_be_visible()
    expect(lena.get_by_role("button", name="Hablemos de esta")).to_have_count(0)
    shots(lena, "lena-today-talk-added")


def her_week(lena: Page, tomas: Page, shots: Shots) -> None:
    """Lena shares this week's check-in (her password asked for it); Tomás reads it."""
    lena.goto("/together/check-in/")
    for fieldset in lena.locator("main fieldset").all():
        fieldset.locator("input[type=radio]").nth(3).check(force=True)
    lena.locator("main textarea").fill("Una tarde para mí.")
    lena.locator("main input[type=checkbox]").first.check()
    lena.locator("main form button[type=submit]").first.click()
    lena.wait_for_load_state("load")
    shots(lena, "lena-checkin-password")
    lena.locator("main input[type=password]").fill(PASSWORD)
    lena.locator("main form button[type=submit]").first.click()
    expect(lena.get_by_text("Guardado y compartido con Tomás.")).to_be_visible()
    shots(lena, "lena-checkin-saved")
    tomas.goto("/together/check-in/")
    expect(tomas.locator("main")).to_contain_text("Una tarde para mí.")
    shots(tomas, "tomas-checkin-reads-hers")


def their_decision(lena: Page, tomas: Page, shots: Shots) -> None:
    """The holiday of the articles: each rates the three options for self and for the other."""
    lena.goto("/decide/")
    lena.locator("input[name=title]").fill("Vacaciones")
    lena.locator("main textarea").fill("Una ruta a pie\nUn libro junto a la piscina\nCenar juntos")
    lena.locator("main form button[type=submit]").first.click()
    lena.wait_for_load_state("load")
    shots(lena, "lena-decision-made")
    decision = lena.url
    ratings = ((lena, "lena", (2, 5, 6, 3, 6, 6)), (tomas, "tomas", (6, 2, 3, 6, 5, 5)))
    for page, who, picks in ratings:
        page.goto(decision)
        groups = page.locator("main fieldset.rating")
        assert groups.count() == len(picks)
        for n, pick in enumerate(picks):
            groups.nth(n).locator("input[type=radio]").nth(pick - 1).check(force=True)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("load")
        shots(page, f"{who}-decision-rated")
    expect(tomas.locator("main")).to_contain_text("Good for both of you")


def her_own_things(lena: Page, root: Path, shots: Shots) -> None:
    """How she sees him, her journal, and her download."""
    lena.goto("/us/couple/perception/")
    assert skip_broken(lena) == []
    shots(lena, "lena-perception")
    lena.goto("/me/journal/write/")
    lena.locator("main textarea").fill("Hoy dije que no y no pasó nada.")
    lena.locator("main form button[type=submit]").first.click()
    expect(lena.get_by_text("Hoy dije que no y no pasó nada.")).to_be_visible()
    shots(lena, "lena-journal-saved")
    lena.goto("/me/data/")
    main = lena.locator("main")
    expect(main).to_contain_text("las metas compartidas que creaste")
    expect(main).not_to_contain_text("objetivo")
    lena.locator("main input[type=password]").first.fill(PASSWORD)
    with lena.expect_download() as download:
        lena.locator("main form button[type=submit]").first.click()
    assert download.value.suggested_filename.endswith(".zip")
    download.value.save_as(str(root / "lena-download.zip"))
    shots(lena, "lena-after-download")


def test_a_new_couple_walks_their_first_fortnight_on_two_phones(
    make_context: ContextMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Today's question is one for two here: two days a week are for one, chosen from the couple
    # and the week, and on those each read only their own answer (the walk failed then).
    monkeypatch.setattr(daily, "is_reflective_day", lambda *_: False)
    shots = Shots(tmp_path)
    lena = make_context("phone", "light").new_page()
    tomas = make_context("phone", "dark").new_page()
    sign_up_in(lena, "Lena", "lena@example.test", "es", shots)
    sign_up_in(tomas, "Tomás", "tomas@example.test", "en", shots)
    take_inventory(lena, LENA, shots, "lena")
    take_inventory(tomas, TOMAS, shots, "tomas")
    linked_and_shared(lena, tomas, shots)
    fortnight_behind()
    look_around(lena, "lena", shots)
    look_around(tomas, "tomas", shots)
    his_day(tomas, shots)
    todays_question(lena, tomas, shots)
    her_week(lena, tomas, shots)
    their_decision(lena, tomas, shots)
    her_own_things(lena, tmp_path, shots)
    for email, who, scheme in (("lena", "lena", "light"), ("tomas", "tomas", "dark")):
        wide = make_context("desktop", scheme).new_page()  # type: ignore[arg-type]
        log_in(wide, f"{email}@example.test", PASSWORD)
        for path in ("/", "/us/couple/", "/together/trends/", "/together/promises/", "/decide/"):
            wide.goto(path)
            shots(wide, f"{who}-wide-{path.strip('/').replace('/', '-') or 'home'}")
    assert shots.faults == []


@pytest.mark.parametrize("width", [390, 320])
def test_skip_keeps_its_word_whole_between_long_end_words_in_spanish(
    make_context: ContextMaker, width: int
) -> None:
    """On a phone in Spanish, "Omitir" broke as "Om" over "itir" on each statement of the
    inventory and of how she sees her partner; the end words beside it wrap instead."""
    lena, tomas = person("Lena", "es"), person("Tomas", "es")
    invitation = partners.invitation_create(inviter=lena)
    partners.invitation_accept(invitation=invitation.invitation, user=tomas)
    page = make_context("phone", "light").new_page()
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, "lena@example.test", PASSWORD)
    page.goto("/me/assessment/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main .scale-ends .skip").first).to_contain_text("Omitir")
    assert skip_broken(page) == []
    assert axe_serious(page) == []
    page.goto("/us/couple/perception/")
    assert skip_broken(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_serious(page) == []


def fortnight_behind() -> None:
    """Move what they did today two weeks back, and fill the days since as they lived them."""
    back = timedelta(days=14)
    lena = User.objects.get(email="lena@example.test")
    tomas = User.objects.get(email="tomas@example.test")
    for model, fields in (
        (Attempt, ("started_at", "updated_at", "completed_at")),
        (Reveal, ("revealed_at",)),
        (Partnership, ("started_at",)),
        (Membership, ("joined_at",)),
    ):
        for row in model.objects.all():
            for field in fields:
                setattr(row, field, getattr(row, field) - back)
            row.save()
    active = access_active_partnership(lena)
    assert active is not None
    partnership = active.partnership
    today = timezone.localdate()
    for days_ago in range(13, 0, -1):
        day = today - timedelta(days=days_ago)
        for who, text in ((lena, f"Lena on day {days_ago}"), (tomas, f"Tomás on day {days_ago}")):
            if who is tomas and days_ago % 3 == 0:
                continue
            daily_services.answer_save(user=who, today=daily.today_for(who, day), text=text)
    week = this_week()
    for weeks_ago, lv, tv in ((2, 5, 3), (1, 4, 4)):
        for who, v in ((lena, lv), (tomas, tv)):
            together.checkin_save(
                owner=who,
                week=week - timedelta(weeks=weeks_ago),
                values=dict.fromkeys(("own_time", "supported", "voice", "heard", "close"), v),
                need="Some quiet on Sunday" if who is lena else "",
                shared=True,
                partnership=partnership,
            )
    together.bid_send(owner=lena, partnership=partnership, text="Walk after dinner?", idem_key="")
    together.commitment_create(
        owner=tomas,
        partnership=partnership,
        text="Call my sister back",
        due_on=today - timedelta(days=1),
        idem_key="",
    )
    together.commitment_create(
        owner=lena,
        partnership=partnership,
        text="An evening with my friends",
        due_on=today + timedelta(days=4),
        idem_key="",
    )
    boundary = together.boundary_draft(
        owner=lena, text="I keep Thursday evenings for choir.", idem_key=""
    )
    together.boundary_step(boundary=boundary, actor=lena, step=Step.TELL, partnership=partnership)
    together.goal_create(
        owner=lena,
        partnership=partnership,
        title="Cook together on Sundays",
        detail="",
        idem_key="",
    )
    journal.entry_create(
        owner=lena, body="Hoy le dije que no a Tomás y no pasó nada.", prompt_key="", idem_key=""
    )
