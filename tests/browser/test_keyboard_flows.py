"""In real Chromium, with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows and typed
words; nothing clicked or filled by the test): sign in, take the inventory to its result, open
the couple view, answer the day's question and the weekly check-in, and leave by the quick exit.
After every key the focused element must be shown, inside the viewport, and wear a visible
focus ring. Each flow runs at 1280x900 and at 390x844."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.daily import access
from interdepend.web.partners import services as partners
from tests.browser.a11y import Keyboard
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = pytest.mark.parametrize("viewport", ["desktop", "phone"])


def keyboard_log_in(page: Page, email: str) -> Keyboard:
    """The login form, by keyboard: Tab to each field, type, Enter."""
    page.goto("/login/")
    keys = Keyboard(page)
    keys.tab_to(lambda f: f.type == "email", "the e-mail field")
    keys.type(email)
    keys.tab_to(lambda f: f.type == "password", "the password field")
    keys.type(PASSWORD)
    keys.go()
    return keys


def couple(results: bool) -> None:
    """Rosa and Tom are partners; with ``results``, each has finished the inventory."""
    people = []
    for name, levels in (
        ("Rosa", {"self": 3, "bond": 6, "enmeshment": 6, "distance": 2}),
        ("Tom", {"self": 6, "bond": 3, "enmeshment": 2, "distance": 6}),
    ):
        person = user_create(
            email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name
        )
        if results:
            answers = profile_answers(selectors.inventory(), levels)
            complete_attempt(person, answers, days_ago=1, seed=len(name))
        people.append(person)
    invitation = partners.invitation_create(inviter=people[0])
    partners.invitation_accept(invitation=invitation.invitation, user=people[1])


def walk_whole_page(keys: Keyboard) -> int:
    """Tab through every stop of the page until the focus comes round again; Shift+Tab back
    one stop. Returns the number of stops. The walk may start in the middle (a page that
    opens on its message focuses it): past the last stop the focus goes to the browser, and
    the next Tab comes back to the page's first stop."""
    first = keys.press("Tab")
    assert first is not None
    # Marked rather than compared by place: alike links scroll into the same place in turn.
    keys.page.evaluate("() => document.activeElement.setAttribute('data-walk-start', '')")
    stops = 1
    for _ in range(300):
        now = keys.press("Tab")
        if now is None:
            continue
        if keys.page.evaluate("() => document.activeElement.hasAttribute('data-walk-start')"):
            break
        stops += 1
    keys.press("Shift+Tab")
    return stops


@SIZES
def test_the_inventory_from_start_to_result_by_keyboard(
    make_context: ContextMaker, viewport: str
) -> None:
    user_create(email="dana@example.test", password=PASSWORD, display_name="Dana")
    page = make_context(viewport).new_page()
    keys = keyboard_log_in(page, "dana@example.test")
    keys.follow("Find out where you stand")
    violations = axe_serious(page)
    keys.follow("Begin")
    pages = 0
    to_first: list[int] = []
    while page.get_by_role("button", name="Save and continue").count():
        # Each page starts at its progress line, so its first statement is one Tab away (the
        # keyboard walk pressed Tab 13 times per page, through the menu, to get there).
        expect(page.locator(".progress-line")).to_be_focused()
        before = keys.presses
        keys.tab_to(lambda f: f.type == "radio", "the first statement's answers")
        to_first.append(keys.presses - before)
        keys.press("Space")
        for _ in range(4):
            keys.press("ArrowRight")
        answered = 1 + keys.answer_scales(5, until="Save and continue")
        assert answered >= 1, f"no question answered on {page.url}"
        keys.go()
        pages += 1
    assert pages >= 3
    assert max(to_first) == 1, to_first
    expect(page.get_by_role("heading", level=1)).to_have_text("A private check on feeling safe")
    violations += axe_serious(page)
    keys.answer_scales(1, until="See my result")
    keys.go()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    stops = walk_whole_page(keys)
    violations += axe_serious(page)
    print(
        f"\ninventory by keyboard at {viewport}: {pages} pages, {keys.presses} keys, "
        f"{stops} stops on the result page"
    )
    assert not keys.problems, keys.problems
    assert not violations, violations


@SIZES
def test_the_couple_view_by_keyboard(make_context: ContextMaker, viewport: str) -> None:
    couple(results=True)
    tom = make_context(viewport).new_page()
    keys = keyboard_log_in(tom, "tom@example.test")
    keys.follow("Us")
    keys.follow("Open the couple view")
    keys.tab_to_text("Share my latest result")
    keys.go()
    keys.type(PASSWORD)  # asked each time; the box has the focus
    keys.go()
    expect(tom.get_by_text("You have shared your result")).to_be_visible()
    rosa = make_context(viewport).new_page()
    keys_rosa = keyboard_log_in(rosa, "rosa@example.test")
    keys_rosa.follow("Us")
    keys_rosa.follow("Open the couple view")
    keys_rosa.tab_to_text("Share my latest result")
    keys_rosa.go()
    keys_rosa.type(PASSWORD)  # asked each time; the box has the focus
    keys_rosa.go()
    expect(rosa.get_by_role("heading", name="Things to talk about")).to_be_visible()
    stops = walk_whole_page(keys_rosa)
    # Each "Talk it through together" names its statement: five links alike otherwise, in a
    # screen reader's list of links (the accessibility audit of 2026-12-04, L1).
    names = rosa.get_by_role("link", name="Talk it through together").evaluate_all(
        "els => els.map(a => a.textContent.trim())"
    )
    assert names and all(n.startswith("Talk it through together: \u201c") for n in names), names
    assert len(set(names)) == len(names), names
    keys_rosa.tab_to(lambda f: f.text.startswith("Talk it through together"), "talk", 80)
    keys_rosa.go()
    expect(rosa.get_by_role("heading", name="Before you start")).to_be_visible()
    violations = axe_serious(rosa)
    print(f"\ncouple view by keyboard at {viewport}: {stops} stops")
    assert stops >= 10
    assert not keys.problems + keys_rosa.problems, keys.problems + keys_rosa.problems
    assert not violations, violations


@SIZES
def test_the_check_ins_by_keyboard(
    make_context: ContextMaker, viewport: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "is_reflective_day", lambda seed, day: False)
    couple(results=False)
    page = make_context(viewport).new_page()
    keys = keyboard_log_in(page, "rosa@example.test")
    keys.follow("See today's question")
    keys.tab_to(lambda f: f.tag == "textarea", "the answer field")
    keys.type("The soup you left for me on Tuesday.")
    keys.tab_to_text("Save my answer")
    keys.go()
    expect(page.get_by_text("Both answers open once you have both answered")).to_be_visible()
    violations = axe_serious(page)

    keys.follow("Check-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Weekly check-in")
    answered = keys.answer_scales(6, until="Save my check-in")
    keys.go()
    page.goto("/together/check-in/")
    checked = page.locator(".scale7 input:checked")
    assert checked.count() == answered >= 4
    assert {checked.nth(n).input_value() for n in range(answered)} == {"6"}
    violations += axe_serious(page)
    # Each end of the scale is named with its number, without a stray space before a comma
    # ("1 , hardly at all": the keyboard audit).
    expect(page.get_by_role("radio", name="1 (hardly at all)", exact=True)).to_have_count(answered)
    expect(page.get_by_role("radio", name="7 (very much)", exact=True)).to_have_count(answered)
    print(f"\ncheck-ins by keyboard at {viewport}: {answered} scales, {keys.presses} keys")
    assert not keys.problems, keys.problems
    assert not violations, violations


@SIZES
def test_the_quick_exit_is_the_first_stop_after_the_skip_link(
    make_context: ContextMaker, viewport: str
) -> None:
    couple(results=False)
    page = make_context(viewport).new_page()
    keys = keyboard_log_in(page, "rosa@example.test")
    page.goto("/together/")
    skip = keys.press("Tab")
    assert skip is not None and skip.text == "Skip to content"
    page.keyboard.press("Enter")
    first_in_main = keys.press("Tab")
    assert first_in_main is not None
    inside = page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert inside, first_in_main
    page.goto("/together/")
    keys.press("Tab")
    stop = keys.press("Tab")
    assert stop is not None and stop.text == "Quick exit", stop
    keys.go()
    assert page.url == "about:blank"
    assert not keys.problems, keys.problems


@SIZES
def test_a_mistake_and_an_answered_bid_keep_the_keyboard_where_it_was(
    make_context: ContextMaker, viewport: str
) -> None:
    """The keyboard audit: a form sent back with a mistake left focus on the page's body, its
    message tied to nothing; a bid answered by Enter left focus nowhere, and the next Tab went
    past it. Now the first field to mend is focused and named by its message, and after the
    answer the focus goes on to what is waiting next."""
    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together import services as together

    couple(results=False)
    tom = User.objects.get(email="tom@example.test")
    active = access_active_partnership(tom)
    assert active is not None
    together.bid_send(owner=tom, partnership=active.partnership, text="Tea?", idem_key="")
    page = make_context(viewport).new_page()
    keys = keyboard_log_in(page, "rosa@example.test")

    page.goto("/together/bids/")
    keys.tab_to_text("Send")
    keys.go()  # sent empty
    described = page.evaluate(
        """() => {
            const field = document.activeElement;
            const ids = (field.getAttribute('aria-describedby') || '').split(' ');
            return [field.getAttribute('aria-invalid'),
                    ids.map(id => document.getElementById(id)).filter(Boolean)
                       .map(node => node.textContent.trim()).join(' ')];
        }"""
    )
    assert described[0] == "true" and described[1], described

    keys.tab_to_text("Yes, now")
    page.keyboard.press("Enter")  # answered in place (htmx): no new page
    expect(page.locator(".tag.ok").first).to_be_visible()
    # The answer is said in the page's status line, and focus goes on to what is next: with
    # none left, the line that says so, on the screen. It went to the answered bid, down in
    # Recent, off the screen (the keyboard audit of 2026-12-04, M1).
    expect(page.get_by_text("Nothing else is waiting for your answer.")).to_be_focused()
    expect(page.locator("#bids-status")).to_have_text("Your answer was sent.")

    # A form sent whole (a new bid) comes back as a page that starts with what happened; its
    # words were in a status region from the start, which a screen reader does not read, so the
    # focus is on them.
    field = page.locator("main form textarea, main form input[type=text]").first
    field.fill("A walk after dinner?")
    field.focus()
    keys.tab_to_text("Send")
    keys.go()
    page.wait_for_function("() => document.activeElement.classList.contains('messages')")
    told = page.evaluate("() => document.activeElement.textContent.trim()")
    assert told == "Sent.", told
    violations = axe_serious(page)
    assert not keys.problems, keys.problems
    assert not violations, violations


@SIZES
def test_a_mistake_of_the_whole_form_and_a_saved_setting_are_where_the_focus_goes(
    make_context: ContextMaker, viewport: str
) -> None:
    """The keyboard audit of 2026-12-03: a wrong password at sign-in and a partner code that
    opens nothing left the focus on the page itself, their words in an alert that came with the
    page (which a screen reader does not read); saving the time zone scrolled the "Saved."
    away to a heading and lost the focus. The focus now goes to those words."""
    couple(results=False)
    page = make_context(viewport).new_page()
    page.goto("/login/")
    keys = Keyboard(page)
    keys.tab_to(lambda f: f.type == "email", "the e-mail field")
    keys.type("rosa@example.test")
    keys.tab_to(lambda f: f.type == "password", "the password field")
    keys.type("not her password at all")
    keys.go()
    page.wait_for_function("() => document.activeElement.getAttribute('role') === 'alert'")
    said = page.evaluate("() => document.activeElement.textContent.trim()")
    assert "do not match" in said, said

    keys = keyboard_log_in(page, "tom@example.test")
    page.goto("/practice/mine/")
    keys.tab_to(lambda f: f.name == "code", "the practitioner's code")
    keys.type("WRNG-C0DE-0000-0000-0000")
    keys.go()
    page.wait_for_function("() => document.activeElement.getAttribute('role') === 'alert'")

    page.goto("/account/")
    keys.tab_to_text("Keep this time zone")
    keys.go()
    page.wait_for_function("() => document.activeElement.classList.contains('messages')")
    told = page.evaluate(
        """() => [document.activeElement.textContent.trim(),
                  document.activeElement.getBoundingClientRect().top]"""
    )
    assert told[0].startswith("Saved."), told
    assert 0 <= told[1] < page.viewport_size["height"], told  # type: ignore[index]
    assert not keys.problems, keys.problems
    assert not axe_serious(page)


@SIZES
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_date_field_wears_its_ring_while_its_calendar_button_has_the_focus(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    """The keyboard audit of 2026-12-03, finding 6: past month, day and year, Chromium's
    calendar button inside the date field had the focus, the field no longer matched
    :focus-visible, and all that showed was a thin ring round a 16 px icon."""
    couple(results=False)
    page = make_context(viewport, scheme).new_page()
    keys = keyboard_log_in(page, "rosa@example.test")
    page.goto("/together/circle/")
    keys.tab_to(lambda f: f.type == "date", "the date field")
    for _ in range(3):  # day, year, then the calendar button (month came first)
        keys.press("Tab")
    on_button = page.evaluate(
        "() => { const el = document.activeElement;"
        " return el.type === 'date' && !el.matches(':focus-visible'); }"
    )
    assert on_button, "the calendar button inside the date field has the focus"
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert ring[0] == "solid" and ring[1] >= 3, ring
    assert not keys.problems, keys.problems
