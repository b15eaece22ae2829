"""A sign-in begun with her right password that stops at the second step is told to her.

Left open since stop 57: he knows her password (he watched her type it) but not her second
step. He types it on his own phone, tries a code or two, gives up; her second step kept him
out, and nothing ever told her that someone knows her password. Now each sign-in begun with her
right password counts as stopped at the second step until that step is through; what is left
is said once, the next time she proves it is her, and the moment of the last is on her
sessions page. Her own sign-ins, wrong codes and all, take their count back as they get
through; nothing of it is ever said on the pages he sees or on his own account.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import AddressMail, StoppedSignIn, User
from interdepend.web.accounts.selectors import stopped_sign_in_last
from tests.conftest import PASSWORD
from tests.web.test_two_step import EMAIL, code_now, person, sign_in, signed_in, turn_on

pytestmark = pytest.mark.django_db
__all__ = ["person"]  # the fixture, used by name

TOLD = "began with your password and stopped at the second step"
KEPT = "last began with your password and stopped at the second step"


def _through(client: Client, code: str) -> str:
    """Her second step, then the page she lands on."""
    done = client.post(reverse("accounts:second_step"), {"code": code}, follow=True)
    assert signed_in(client), done.content.decode()
    return done.content.decode()


def _fresh(person: User) -> User:
    return User.objects.get(pk=person.pk)


def _waiting(person: User) -> int:
    """How many sign-ins of hers stopped at the second step wait to be told to her."""
    return StoppedSignIn.objects.filter(user=person, told=False).count()


def test_his_stopped_sign_in_is_told_when_she_next_signs_in(person: User) -> None:
    _, secret, codes = turn_on(person)
    his_phone = Client()
    assert sign_in(his_phone) == reverse("accounts:second_step")
    for guess in ("123456", "654321"):
        refused = his_phone.post(reverse("accounts:second_step"), {"code": guess})
        assert refused.status_code == 400 and TOLD not in refused.content.decode()
    # What he sees at the second step and after he gives up says nothing of a count.
    assert TOLD not in his_phone.get(reverse("accounts:login")).content.decode()
    assert _waiting(person) == 1
    her_laptop = Client()
    sign_in(her_laptop)
    page = _through(her_laptop, codes[0])
    print(f"\nsign-ins stopped at the second step: 1; told at hers: {TOLD in page}")
    assert "a sign-in to your account began with your password and stopped" in page
    assert "someone else knows your password" in page
    # Said once: the next page says nothing more, and the moment stays on her sessions page.
    assert TOLD not in her_laptop.get(reverse("home:home")).content.decode()
    assert KEPT in her_laptop.get(reverse("accounts:sessions")).content.decode()
    assert _waiting(person) == 0


def test_one_left_at_the_second_step_with_no_code_typed_counts_too(person: User) -> None:
    _, _secret, codes = turn_on(person)
    for _ in range(2):
        assert sign_in(Client()) == reverse("accounts:second_step")
    her = Client()
    sign_in(her)
    page = _through(her, codes[0])
    assert "2 sign-ins to your account began with your password and stopped" in page


def test_her_own_sign_in_with_a_wrong_code_first_says_nothing(person: User) -> None:
    _, secret, _codes = turn_on(person)
    her = Client()
    sign_in(her)
    assert her.post(reverse("accounts:second_step"), {"code": "000000"}).status_code == 400
    # Back to the sign-in page and the password again, in the same browser: the same sign-in.
    assert sign_in(her) == reverse("accounts:second_step")
    page = _through(her, code_now(secret, steps_ahead=1))
    assert TOLD not in page
    assert KEPT not in her.get(reverse("accounts:sessions")).content.decode()
    assert _waiting(person) == 0


def test_the_moment_kept_is_his_not_her_later_sign_in(person: User) -> None:
    _, _secret, codes = turn_on(person)
    sign_in(Client())  # his, left at the second step
    back = timezone.now() - timedelta(days=2)
    StoppedSignIn.objects.filter(user=person).update(began_at=back)
    her = Client()
    sign_in(her)
    _through(her, codes[0])
    assert stopped_sign_in_last(user=person) == back
    # A later sign-in of hers that gets through, with nothing stopped since, leaves it too.
    again = Client()
    sign_in(again)
    page = _through(again, codes[1])
    assert TOLD not in page
    assert stopped_sign_in_last(user=person) == back


def test_too_many_wrong_codes_count_as_one_stopped_sign_in(person: User) -> None:
    _, _secret, codes = turn_on(person)
    guesser = Client()
    sign_in(guesser)
    for _ in range(twostep.MAX_WRONG):
        guesser.post(reverse("accounts:second_step"), {"code": "000000"})
    assert _waiting(person) == 1
    AddressMail.objects.filter(kind=twostep.WRONG_KIND).delete()  # the pause runs out
    her = Client()
    sign_in(her)
    assert "a sign-in to your account began with your password and stopped" in _through(
        her, codes[0]
    )


def test_it_is_never_said_on_his_own_account(person: User) -> None:
    from interdepend.web.accounts.services import user_create

    turn_on(person)
    sign_in(Client())
    his = Client()
    user_create(email="his@example.test", password=PASSWORD, display_name="Him")
    assert (
        his.post(
            reverse("accounts:login"), {"username": "his@example.test", "password": PASSWORD}
        ).status_code
        == 302
    )
    for name in ("home:home", "accounts:sessions", "accounts:settings"):
        assert TOLD not in his.get(reverse(name)).content.decode()
    assert _waiting(User.objects.get(email="his@example.test")) == 0
    assert _waiting(User.objects.get(email=EMAIL)) == 1


def test_the_safety_page_says_she_will_be_told(client: Client) -> None:
    page = client.get(reverse("frame:safety")).content.decode()
    assert "does not get past that step, you are told the same way" in page


def test_his_later_try_from_the_same_phone_counts_again(person: User) -> None:
    # He leaves one at the second step on his phone; she is told of it; days later he types
    # her password again on the same phone, whose session still holds the first step.
    _, _secret, codes = turn_on(person)
    his_phone = Client()
    assert sign_in(his_phone) == reverse("accounts:second_step")
    her = Client()
    sign_in(her)
    assert TOLD in _through(her, codes[0])
    assert _waiting(person) == 0
    assert sign_in(his_phone) == reverse("accounts:second_step")
    assert _waiting(person) == 1
    again = Client()
    sign_in(again)
    assert "a sign-in to your account began with your password and stopped" in _through(
        again, codes[1]
    )


def test_a_first_step_left_longer_than_it_stays_good_counts_again(person: User) -> None:
    from interdepend.web.accounts.sessions import SECOND_STEP_PENDING_KEY
    from interdepend.web.accounts.twostep_views import PENDING_SECONDS

    turn_on(person)
    his_phone = Client()
    sign_in(his_phone)
    session = his_phone.session
    pending = session[SECOND_STEP_PENDING_KEY]
    pending["at"] -= PENDING_SECONDS + 60
    session[SECOND_STEP_PENDING_KEY] = pending
    session.save()
    sign_in(his_phone)
    assert _waiting(person) == 2


def test_her_password_alone_on_her_phone_does_not_take_it(person: User) -> None:
    # He knows her password: on her phone, after a quick exit or on the confirm page, typing it
    # would have let him read the message and take it before she ever saw it.
    from tests.helpers import as_user
    from tests.web.test_quick_exit import quick_exit

    _, secret, _codes = turn_on(person)
    sign_in(Client())  # his, left at the second step
    her_phone = as_user(_fresh(person))
    quick_exit(her_phone)
    unlocked = her_phone.post(
        reverse("frame:unlock"), {"password": PASSWORD, "next": "/"}, follow=True
    )
    assert TOLD not in unlocked.content.decode()
    confirmed = her_phone.post(reverse("accounts:confirm"), {"password": PASSWORD}, follow=True)
    assert TOLD not in confirmed.content.decode()
    assert _waiting(person) == 1
    # Her second step on the confirm page does prove it is her: told there, once.
    by_code = her_phone.post(
        reverse("accounts:confirm"), {"code": code_now(secret, steps_ahead=1)}, follow=True
    )
    assert "a sign-in to your account began with your password and stopped" in (
        by_code.content.decode()
    )
    assert _waiting(person) == 0


def test_with_no_second_step_left_her_password_tells_it(person: User) -> None:
    # Counted while she had a second step, which she has since removed: her password is then
    # all that proves it is her, and it tells them.
    StoppedSignIn.objects.create(user=person, key="kept-from-before", began_at=timezone.now())
    her = Client()
    assert sign_in(her) != reverse("accounts:second_step")
    page = her.get(reverse("home:home")).content.decode()
    assert "a sign-in to your account began with your password and stopped" in page


def test_her_two_browsers_at_once_leave_no_moment_when_both_get_through(person: User) -> None:
    # The review of stop 59: she began on her laptop and her phone within five minutes and
    # finished the laptop first; once both were through, her sessions page named a moment when
    # nothing had stopped (one count on her row could not say which sign-in was which).
    _, secret, codes = turn_on(person)
    laptop, phone = Client(), Client()
    sign_in(laptop)
    sign_in(phone)
    _through(laptop, codes[0])
    _through(phone, codes[1])
    assert _waiting(person) == 0
    assert stopped_sign_in_last(user=person) is None
    assert KEPT not in phone.get(reverse("accounts:sessions")).content.decode()


def test_her_sign_in_getting_through_never_takes_his_back(person: User) -> None:
    # The review of stop 59: her phone waits at the second step; she signs in on her laptop
    # (told of the phone's, her own); he begins one on his phone; then she finishes on her
    # phone. With one count, hers took his back and he was never told; now each is a row, and
    # hers removes only its own.
    _, _secret, codes = turn_on(person)
    her_phone, her_laptop, his_phone = Client(), Client(), Client()
    sign_in(her_phone)
    sign_in(her_laptop)
    _through(her_laptop, codes[0])
    assert sign_in(his_phone) == reverse("accounts:second_step")
    assert _waiting(person) == 1
    page = _through(her_phone, codes[1])
    print(f"\nhis sign-in begun between hers, told as hers gets through: {TOLD in page}")
    assert "a sign-in to your account began with your password and stopped" in page
    assert _waiting(person) == 0


def test_each_try_is_a_row_and_told_ones_leave_only_the_latest(person: User) -> None:
    _, _secret, codes = turn_on(person)
    for _ in range(3):
        sign_in(Client())
    assert _waiting(person) == 3
    # Begun more than five minutes ago: none of them can still get through.
    for n, row in enumerate(StoppedSignIn.objects.filter(user=person).order_by("pk")):
        row.began_at = timezone.now() - timedelta(minutes=30 - n)
        row.save(update_fields=["began_at"])
    her = Client()
    sign_in(her)
    assert "3 sign-ins to your account began with your password and stopped" in _through(
        her, codes[0]
    )
    kept = StoppedSignIn.objects.filter(user=person)
    assert kept.count() == 1 and kept.get().told
    # Nothing of it reaches the page but the moment: the key stays in the browser's session.
    assert kept.get().key not in her.get(reverse("accounts:sessions")).content.decode()


def test_her_download_holds_when_they_began_never_the_key(person: User) -> None:
    from interdepend.web.accounts.personal import export

    turn_on(person)
    sign_in(Client())
    row = StoppedSignIn.objects.get(user=person)
    (table,) = (rows for name, rows in export(person).items() if name == "accounts_stoppedsignin")
    written = list(table)
    assert len(written) == 1 and "key" not in written[0] and "began_at" in written[0]
    assert row.key not in repr(written)


def test_his_thousands_of_tries_never_stop_her_own_sign_in(person: User) -> None:
    """Each try needs her right password but nothing else, so he can leave as many as his
    script types: her sign-in marks every one told and gets through. It once named every row
    in one statement, past what the database takes in one (999 values in older SQLite,
    65,535 in PostgreSQL), and her second step ended in a server error, every time."""
    import sqlite3

    from django.db import connection

    _, _secret, codes = turn_on(person)
    tries = 1_200
    began = timezone.now() - timedelta(hours=1)
    StoppedSignIn.objects.bulk_create(
        StoppedSignIn(user=person, key=f"his-try-{n}", began_at=began + timedelta(seconds=n))
        for n in range(tries)
    )
    her = Client(raise_request_exception=True)
    sign_in(her)
    connection.ensure_connection()
    raw = connection.connection
    if not isinstance(raw, sqlite3.Connection):  # PostgreSQL's bound would take 65,536 rows
        page = _through(her, codes[0])
    else:
        bound = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        # The bound of older SQLite builds, so that a thousand rows stand for PostgreSQL's.
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        try:
            page = _through(her, codes[0])
        finally:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, bound)
    print(f"\nhis tries waiting: {tries}; her sign-in through and told: {TOLD in page}")
    assert f"{tries} sign-ins to your account began" in page
    assert _waiting(person) == 0
    (kept,) = StoppedSignIn.objects.filter(user=person)
    assert kept.told and kept.began_at == began + timedelta(seconds=tries - 1)


def test_what_she_was_told_stays_on_her_sessions_page_when_her_own_gets_through(
    person: User,
) -> None:
    """He stopped at the second step; she began a sign-in on her laptop and, before finishing
    it, signed in on her phone: told of both, and the sessions page kept the moment of the
    later, hers. Finishing the laptop's then removed that told row too, and her sessions page
    said nothing ever stopped, though his had and she had been told so."""
    _, _secret, codes = turn_on(person)
    sign_in(Client())  # his phone: her password, no second step
    his = StoppedSignIn.objects.get(user=person).began_at
    laptop, phone = Client(), Client()
    sign_in(laptop)
    sign_in(phone)
    assert "2 sign-ins to your account began with your password and stopped" in _through(
        phone, codes[0]
    )
    _through(laptop, codes[1])
    print(f"\nher sessions page after the laptop got through: {stopped_sign_in_last(user=person)}")
    assert stopped_sign_in_last(user=person) == his
    assert KEPT in laptop.get(reverse("accounts:sessions")).content.decode()


BEGUN_BEFORE = "began with your password on"


def test_his_sign_in_left_on_her_phone_and_finished_by_her_says_when_it_began(
    person: User,
) -> None:
    # The review of stop 60: on her phone he types her password and leaves the sign-in at the
    # second step; she picks the phone up minutes later, finds the second step asking, and does
    # it. Her second step takes that sign-in's row back, so nothing else would ever say that
    # someone typed her password.
    _, _secret, codes = turn_on(person)
    her_phone = Client()
    assert sign_in(her_phone) == reverse("accounts:second_step")  # his typing
    StoppedSignIn.objects.filter(user=person).update(began_at=timezone.now() - timedelta(minutes=4))
    page = _through(her_phone, codes[0])
    print(f"\nfinished four minutes after it began, said when it began: {BEGUN_BEFORE in page}")
    assert BEGUN_BEFORE in page and "someone else may know your password" in page
    assert _waiting(person) == 0 and BEGUN_BEFORE not in her_phone.get("/").content.decode()


def test_the_moment_said_is_his_even_when_she_types_her_password_again(person: User) -> None:
    _, _secret, codes = turn_on(person)
    her_phone = Client()
    sign_in(her_phone)  # his, left there
    StoppedSignIn.objects.filter(user=person).update(began_at=timezone.now() - timedelta(minutes=3))
    assert sign_in(her_phone) == reverse("accounts:second_step")  # hers, the same sign-in
    assert BEGUN_BEFORE in _through(her_phone, codes[0])


def test_her_own_sign_in_done_in_a_minute_says_nothing_of_when_it_began(person: User) -> None:
    _, _secret, codes = turn_on(person)
    her = Client()
    sign_in(her)
    StoppedSignIn.objects.filter(user=person).update(
        began_at=timezone.now() - timedelta(seconds=90)
    )
    assert BEGUN_BEFORE not in _through(her, codes[0])
