"""What the new-couple walk of 2026-12-05 (the fourteenth) met in the first fortnight, in English
and Spanish (the browser's side is in ``tests/browser/test_new_couple_walk_fourteen.py``).

- Tomás opened Reaching out with Lena's "Walk after dinner?" waiting for his answer at the top;
  under "Recent" the page said "Nothing yet. What the two of you send each other shows here",
  and the month's table below it counted one sent.
- The day of his promise to call his sister had passed without his marking it: under it the
  page asked "The day has passed. How did it go?", and above it "Our follow-through lately"
  said "No promises came due in the last eight weeks."
- He marked it "It did not happen", and the card said "In the last eight weeks, 0 promises
  were kept, and 1 did not happen.": a tally that led with a nought.
- Under both answers to the day's question, "Let's talk about this one" stayed after Lena
  pressed it and the page said it was added; earlier days say "On your list to talk about."
- In Spanish the Together space calls goals "metas" everywhere, but the data page, the page
  for leaving a partnership and the goals page after a partnership ended spoke of "objetivos
  compartidos": Lena could not tell whether those were her shared goals or something else."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.daily import access as daily
from interdepend.web.daily import services as daily_services
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.together import services as together
from interdepend.web.together.models import Commitment, CommitmentState
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

PASSWORD = "a calm and long passphrase"
CATALOG = Path(__file__).parents[2] / "src/interdepend/web/locale/es/LC_MESSAGES/django.po"


def couple(language: str) -> tuple[User, User, Partnership]:
    lena = user_create(email="lena@example.test", password=PASSWORD, display_name="Lena")
    tomas = user_create(email="tomas@example.test", password=PASSWORD, display_name="Tomás")
    invitation = partners.invitation_create(inviter=lena)
    partners.invitation_accept(invitation=invitation.invitation, user=tomas)
    User.objects.filter(pk__in=[lena.pk, tomas.pk]).update(language=language)
    lena.refresh_from_db()
    tomas.refresh_from_db()
    active = access_active_partnership(lena)
    assert active is not None
    return lena, tomas, active.partnership


def section(page: str, section_id: str) -> str:
    found = re.search(rf'<section[^>]* id="{section_id}"[^>]*>(.*?)</section>', page, re.S)
    assert found is not None, section_id
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


#: Per language: what Recent said though a bid waited above, and what it says now.
RECENT = {
    "en": (
        "Nothing yet. What the two of you send each other shows here",
        "Nothing answered yet. Once you answer what is waiting above, it shows here with your "
        "answer.",
    ),
    "es": (
        "Nada todavía.",
        "Nada respondido todavía. Cuando respondas a lo que espera arriba, aparecerá aquí con "
        "tu respuesta.",
    ),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_recent_does_not_say_nothing_was_sent_while_her_bid_waits_for_him(language: str) -> None:
    lena, tomas, partnership = couple(language)
    together.bid_send(owner=lena, partnership=partnership, text="Walk after dinner?", idem_key="")
    page = as_user(tomas).get("/together/bids/").content.decode()
    waiting = html.unescape(page.split('<div id="bids-waiting">', 1)[1].split("</div>", 1)[0])
    assert "Walk after dinner?" in waiting
    recent = section(page, "bids-recent")
    nothing, answered_yet = RECENT[language]
    assert nothing not in recent
    assert answered_yet in " ".join(recent.split())
    # Lena, who sent it, sees it in her Recent, with no sentence about an empty list.
    hers = section(as_user(lena).get("/together/bids/").content.decode(), "bids-recent")
    assert "Walk after dinner?" in hers
    assert nothing not in hers and answered_yet not in " ".join(hers.split())


def test_recent_of_a_couple_who_sent_nothing_still_says_what_will_show() -> None:
    _lena, tomas, _partnership = couple("en")
    recent = section(as_user(tomas).get("/together/bids/").content.decode(), "bids-recent")
    assert "Nothing yet. What the two of you send each other shows here" in recent


def promise(owner: User, partnership: Partnership, text: str, days: int) -> int:
    made = together.commitment_create(
        owner=owner,
        partnership=partnership,
        text=text,
        due_on=timezone.localdate() + timedelta(days=days),
        idem_key="",
    )
    return made.pk


#: Per language: the sentence that said no promise came due, and what the card says of one
#: whose day came and that is not marked yet.
FOLLOW = {
    "en": (
        "No promises came due",
        "The day came for 1 promise, and how it went is not marked yet. It counts here once it is.",
    ),
    "es": (
        "no llegó la fecha de ninguna promesa",
        "Ha llegado el día de 1 promesa, y aún no se ha marcado qué tal fue. Contará aquí "
        "cuando se marque.",
    ),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_follow_through_does_not_say_none_came_due_above_one_whose_day_passed(
    language: str,
) -> None:
    lena, tomas, partnership = couple(language)
    promise(tomas, partnership, "Call my sister back", -1)
    promise(lena, partnership, "An evening with my friends", 4)
    none_came, unmarked = FOLLOW[language]
    for reader in (tomas, lena):
        page = as_user(reader).get("/together/promises/").content.decode()
        follow = " ".join(section(page, "promises-follow").split())
        assert none_came not in follow
        assert unmarked in follow


def test_follow_through_counts_the_marked_and_names_the_unmarked_beside_them() -> None:
    lena, tomas, partnership = couple("en")
    kept = promise(lena, partnership, "Cook on Thursday", -3)
    promise(tomas, partnership, "Call my sister back", 0)
    promise(tomas, partnership, "Fix the bike", -2)
    promise(lena, partnership, "Book the train", 5)
    commitment = Commitment.objects.get(pk=kept)
    together.commitment_mark(commitment=commitment, state=CommitmentState.KEPT)
    page = as_user(lena).get("/together/promises/").content.decode()
    follow = " ".join(section(page, "promises-follow").split())
    assert "In the last eight weeks: 1 promise was kept " in follow
    assert "2 promises came due and how they went is not marked yet" in follow
    assert "did not happen" not in follow and "reshaped" not in follow


#: Per language: the sentence that began with a nought, and what the card lists instead.
MISSED = {
    "en": ("0 promises were kept", "In the last eight weeks: 1 promise did not happen"),
    "es": ("se cumplieron 0 promesas", "En las últimas ocho semanas: 1 promesa no se cumplió"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_follow_through_names_only_what_happened_and_never_a_nought(language: str) -> None:
    """Tomás marked his first promise "It did not happen"; the card read "In the last eight
    weeks, 0 promises were kept, and 1 did not happen.": a score that led with a nought."""
    _lena, tomas, partnership = couple(language)
    missed = Commitment.objects.get(pk=promise(tomas, partnership, "Call my sister back", -1))
    together.commitment_mark(commitment=missed, state=CommitmentState.MISSED)
    nought, listed = MISSED[language]
    page = as_user(tomas).get("/together/promises/").content.decode()
    follow = " ".join(section(page, "promises-follow").split())
    assert nought not in follow
    assert listed in follow
    assert " 0 " not in follow


def test_follow_through_of_promises_not_yet_due_still_says_none_came_due() -> None:
    lena, _tomas, partnership = couple("en")
    promise(lena, partnership, "Book the train", 5)
    page = as_user(lena).get("/together/promises/").content.decode()
    assert "No promises came due in the last eight weeks." in section(page, "promises-follow")


def test_the_spanish_words_for_goals_are_the_ones_the_together_space_uses() -> None:
    """Every Spanish sentence about goals says "meta", as the goals pages do."""
    catalog = polib.pofile(str(CATALOG))
    assert catalog.find("Goals").msgstr == "Metas"
    other = []
    for entry in catalog.translated_entries():
        said = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        if "goal" in (entry.msgid + entry.msgid_plural).lower() and "objetivo" in said.lower():
            other.append(entry.msgid)
    assert other == []


def test_her_data_page_in_spanish_speaks_of_shared_metas() -> None:
    lena, _tomas, _partnership = couple("es")
    page = html.unescape(as_user(lena).get("/me/data/").content.decode())
    assert "las metas compartidas que creaste, tus notas en metas compartidas" in page
    assert "objetivo" not in page


#: Per language: the button that offered to add today's question again, and what the page says
#: once it is on the couple's list (as earlier days say it).
TALK = {
    "en": ("Let's talk about this one", "On your list to talk about."),
    "es": ("Hablemos de esta", "En tu lista de temas para hablar."),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_todays_question_on_their_list_is_not_offered_again(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """Lena pressed "Let's talk about this one" under both answers: the page said it was added,
    and the same button stayed under it, on her page and on his."""
    monkeypatch.setattr("interdepend.web.daily.access.is_reflective_day", lambda *_: False)
    lena, tomas, _partnership = couple(language)
    for who, text in ((lena, "Un paseo."), (tomas, "A walk.")):
        daily_services.answer_save(user=who, today=daily.today_for(who), text=text)
    offer, on_list = TALK[language]
    client = as_user(lena)
    before = html.unescape(client.get("/today/").content.decode())
    assert offer in before and on_list not in before
    mine = daily.today_for(lena).mine
    assert mine is not None
    added = client.post(f"/today/{mine.public_id}/talk/", follow=True)
    assert added.status_code == 200
    for reader in (client, as_user(tomas)):
        page = html.unescape(reader.get("/today/").content.decode())
        assert offer not in page
        assert on_list in page


#: The form's one-time values, which differ on every drawing of a page.
ONE_TIME = re.compile(r'(name="csrfmiddlewaretoken"|name="idem") value="[^"]+"')


def drawn(person: User) -> str:
    return ONE_TIME.sub("", as_user(person).get("/together/promises/").content.decode())


def test_follow_through_counts_nothing_of_his_promises_made_alone() -> None:
    """The card counts what came due on the couple's list: a promise Tomás made alone before
    they linked, its day passed and unmarked, or marked, changes nothing on Lena's page."""
    lena, tomas, partnership = couple("en")
    promise(tomas, partnership, "Call my sister back", -1)
    before = drawn(lena)
    alone = together.commitment_create(
        owner=tomas,
        partnership=None,
        text="Run on Sunday",
        due_on=timezone.localdate() - timedelta(days=2),
        idem_key="",
    )
    after = drawn(lena)
    assert after == before
    together.commitment_mark(commitment=alone, state=CommitmentState.MISSED)
    marked = drawn(lena)
    assert marked == before
    assert "1 promise, and how it went is not marked yet" in " ".join(marked.split())
