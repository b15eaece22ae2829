"""An empty list says what will appear in it and how, in English and in Spanish.

The walk of a new couple (2026-12-04) met "No shared goals yet.", "Nothing yet.", "None yet.",
"None shared with you.", "No decisions yet." and "Your list is empty for now." on their first
visit: true, and no help to someone who does not yet know what belongs there or where it comes
from."""

from __future__ import annotations

import html

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.partners import services as partners
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

PASSWORD = "a calm and long passphrase"

#: Each page, with what its empty lists say to Ben (linked with Ana), in each language.
SAID = {
    "en": {
        "/together/goals/": [
            "No shared goals yet. Add one below and tick “This is something we pursue "
            "together”: <bdi>Ana</bdi> sees it here too, and either of you can note a step."
        ],
        "/together/bids/": [
            "Nothing yet. What the two of you send each other shows here, with how it was answered."
        ],
        "/together/boundaries/": [
            "None yet. One you write below shows here, a private draft until you choose to "
            "tell your partner.",
            "Nothing from <bdi>Ana</bdi> yet. When <bdi>Ana</bdi> tells you a boundary, it "
            "shows here for you to read and answer.",
        ],
        "/decide/": [
            "No decisions yet. A decision either of you names below shows here, and says when "
            "it is your turn to rate."
        ],
        "/together/circle/": [
            "Your list is empty for now. Add someone below: anyone outside your relationship "
            "you can turn to."
        ],
    },
    "es": {
        "/together/goals/": [
            "Todavía no hay metas compartidas. Añade una abajo y marca «Es algo que buscamos "
            "en pareja»: <bdi>Ana</bdi> también la verá aquí, y cualquiera de las dos personas "
            "podrá anotar un paso."
        ],
        "/together/bids/": [
            "Nada todavía. Aquí aparecerá lo que os enviéis, con la respuesta que tuvo."
        ],
        "/together/boundaries/": [
            "Ninguno todavía. El que escribas abajo aparecerá aquí, como borrador privado hasta "
            "que decidas comunicárselo a tu pareja.",
            "Nada de <bdi>Ana</bdi> todavía. Cuando <bdi>Ana</bdi> te comunique un límite, "
            "aparecerá aquí para que lo leas y respondas.",
        ],
        "/decide/": [
            "Todavía no hay decisiones. La que cualquiera de las dos personas plantee abajo "
            "aparecerá aquí, y dirá cuándo te toca valorar."
        ],
        "/together/circle/": [
            "Por ahora tu lista está vacía. Añade a alguien abajo: cualquier persona fuera de tu "
            "relación a quien puedas acudir."
        ],
    },
}

#: What the lists said before: a bare "nothing here", as a whole paragraph.
BARE = [
    "<p>No shared goals yet.</p>",
    "<p>Nothing yet.</p>",
    "<p>None yet.</p>",
    "<p>None shared with you.</p>",
    "<p>No decisions yet.</p>",
    "<p>Your list is empty for now.</p>",
]


def _ben(language: str) -> User:
    ana = user_create(email="ana@example.test", password=PASSWORD, display_name="Ana")
    ben = user_create(email="ben@example.test", password=PASSWORD, display_name="Ben")
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    User.objects.filter(pk=ben.pk).update(language=language)
    ben.refresh_from_db()
    return ben


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_empty_list_says_what_will_appear_there(language: str) -> None:
    client = as_user(_ben(language))
    missing = []
    for path, sentences in SAID[language].items():
        response = client.get(path)
        assert response.status_code == 200, path
        page = html.unescape(response.content.decode())
        assert f'<html lang="{language}"' in page, path
        missing += [f"{path}: {s}" for s in sentences if s not in page]
        missing += [f"{path}: still {bare}" for bare in BARE if bare in page]
    assert not missing, missing


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "no time together noted yet"), ("es", "todavía sin ningún encuentro anotado")],
)
def test_someone_in_her_circle_without_a_day_says_what_is_not_noted(
    language: str, said: str
) -> None:
    """Beside a name with no day yet the list said "not noted yet", which left her to guess
    what was missing."""
    from interdepend.web.together.services import circle_add

    ben = _ben(language)
    circle_add(owner=ben, name="Marta", last_connected=None, idem_key="walk-four")
    page = html.unescape(as_user(ben).get("/together/circle/").content.decode())
    assert f'<span class="hint">{said}</span>' in page
