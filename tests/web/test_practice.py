"""The practitioner role: consent per person and per scope, revocation, couples, codes."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.practice import personal, services
from interdepend.web.practice.models import (
    AccessLogEntry,
    ClientInvitation,
    ClientInvitationState,
    ClientLink,
    Consent,
    Practitioner,
)
from interdepend.web.practice.selectors import client_has_practitioner
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed, refusing_deferred

pytestmark = pytest.mark.django_db


def ids(personas: Personas) -> dict[str, str]:
    return personas.practice.ids


def pat(personas: Personas) -> Client:
    return as_user(personas.practice.pat)


def pat_words(personas: Personas) -> str:
    """How pat is named in a client's pages and log: name, title, practice and number."""
    return f"Pat (therapist, Pat Practice, {personas.practice.pat.practitioner.number})"


def status(client: Client, name: str, link_id: str) -> int:
    return client.get(reverse(f"practice:{name}", args=[link_id])).status_code


def set_scopes(user: User, link_id: str, scopes: list[str]) -> int:
    data = {f"link{link_id}-scopes": scopes, f"link{link_id}-password": PASSWORD}
    return as_user(user).post(reverse("practice:consent", args=[link_id]), data).status_code


def log_rows(user: User) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(subject=user).order_by("seq"))


def test_each_scope_opens_only_its_own_data(personas: Personas) -> None:
    reader, link = pat(personas), ids(personas)
    # alice: results, couple and journal; bob: couple and trends.
    assert status(reader, "client_map", link["alice_link"]) == 200
    assert status(reader, "client_trends", link["alice_link"]) == 404
    assert status(reader, "client_trends", link["bob_link"]) == 200
    assert status(reader, "client_map", link["bob_link"]) == 404
    page = reader.get(reverse("practice:client", args=[link["bob_link"]])).content.decode()
    assert "Inventory results" not in page and "Weekly check-ins" in page


def test_client_has_practitioner_is_true_only_while_linked(personas: Personas) -> None:
    assert client_has_practitioner(personas.alice)
    assert not client_has_practitioner(personas.carol)
    personal.unshare_all(personas.bob)
    assert not client_has_practitioner(personas.bob)


def test_revoking_takes_effect_on_the_next_request(personas: Personas) -> None:
    reader, link = pat(personas), ids(personas)
    assert status(reader, "client_map", link["alice_link"]) == 200
    assert set_scopes(personas.alice, link["alice_link"], ["couple"]) == 302
    assert status(reader, "client_map", link["alice_link"]) == 404
    assert Consent.objects.filter(
        link__public_id=link["alice_link"], revoked_at__isnull=False
    ).exists()
    assert set_scopes(personas.alice, link["alice_link"], ["couple", "results"]) == 302
    assert status(reader, "client_map", link["alice_link"]) == 200
    # the history keeps both grants of results, the first one revoked
    assert Consent.objects.filter(link__public_id=link["alice_link"], scope="results").count() == 2


def test_ending_a_link_stops_everything_at_once(personas: Personas) -> None:
    reader, link = pat(personas), ids(personas)
    end = reverse("practice:end", args=[link["alice_link"]])
    asked = as_user(personas.alice).post(end)
    assert asked.status_code == 400 and "Please fill this in." in asked.content.decode()
    assert ClientLink.objects.get(public_id=link["alice_link"]).is_active  # asked each time
    response = as_user(personas.alice).post(end, {"password": PASSWORD})
    assert response.status_code == 302
    for name in ("client", "client_map", "couple_map", "couple_report"):
        assert status(reader, name, link["alice_link"]) == 404
    assert not Consent.objects.filter(
        link__public_id=link["alice_link"], revoked_at__isnull=True
    ).exists()


def test_a_partner_cannot_grant_the_others_data(personas: Personas) -> None:
    link = ids(personas)
    # alice posting to bob's link changes nothing: it is not hers.
    assert set_scopes(personas.alice, link["bob_link"], ["results", "trends"]) == 404
    assert status(pat(personas), "client_map", link["bob_link"]) == 404
    # a scope that does not exist: the form refuses it and nothing changes.
    before = set(Consent.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True))
    assert set_scopes(personas.alice, link["alice_link"], ["everything"]) == 400
    after = set(Consent.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True))
    assert before == after
    # alice's own couple consent does not open the couple view without bob's.
    assert set_scopes(personas.bob, link["bob_link"], ["trends"]) == 302
    assert status(pat(personas), "couple_map", link["alice_link"]) == 404


def test_couple_pdf_needs_both_partners_consent(personas: Personas) -> None:
    reader, link = pat(personas), ids(personas)
    response = reader.get(reverse("practice:couple_report", args=[link["alice_link"]]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert [r.kind for r in log_rows(personas.alice)][-1] == "report"
    assert [r.kind for r in log_rows(personas.bob)][-1] == "report"
    assert set_scopes(personas.alice, link["alice_link"], ["results"]) == 302
    assert status(reader, "couple_report", link["alice_link"]) == 404
    assert status(reader, "couple_report", link["bob_link"]) == 404


def test_a_safety_flag_changes_nothing_the_couples_practitioner_sees(personas: Personas) -> None:
    """Rule 18: a flag closes nothing by itself, for the partner or for a couples practitioner
    (who could otherwise tell the partner). The flagged person chooses, privately, what to stop
    sharing, practitioner consent included."""
    from interdepend.web.assessment import selectors
    from interdepend.web.assessment.demo import complete_attempt, profile_answers

    reader, link = pat(personas), ids(personas)
    before = {name: status(reader, name, link["alice_link"]) for name in ("couple_map",)}
    assert before == {"couple_map": 200}
    levels = {"self": 5, "bond": 5, "enmeshment": 3, "distance": 3}
    flagged = complete_attempt(
        personas.bob,
        profile_answers(selectors.inventory(), levels),
        days_ago=0,
        seed=21,
    )
    flagged.screen_flagged = True
    flagged.save(update_fields=["screen_flagged"])
    assert status(reader, "couple_map", link["alice_link"]) == 200


def test_practitioners_without_or_after_consent_see_nothing(personas: Personas) -> None:
    for who, key in (
        (personas.practice.quinn, "quinn_link"),
        (personas.practice.rory, "rory_link"),
    ):
        reader = as_user(who)
        link_id = ids(personas)[key]
        page = reader.get(reverse("practice:client", args=[link_id]))
        assert page.status_code == 200 and b"Nothing is shared with you" in page.content
        for name in ("client_map", "client_trends", "couple_map", "couple_report"):
            assert status(reader, name, link_id) == 404
        assert status(reader, "client", ids(personas)["alice_link"]) == 404
    assert not AccessLogEntry.objects.filter(reader__in=[personas.practice.quinn]).exists()


def test_consent_changes_and_ending_need_a_fresh_password(personas: Personas) -> None:
    link = ids(personas)["alice_link"]
    client = password_confirmed(as_user(personas.alice), seconds_ago=10_000)
    response = client.post(reverse("practice:consent", args=[link]), {f"link{link}-scopes": []})
    assert response.status_code == 302 and reverse("accounts:confirm") in response["Location"]
    assert client.post(reverse("practice:end", args=[link])).status_code == 400
    assert ClientLink.objects.get(public_id=link).is_active
    assert Consent.objects.filter(link__public_id=link, revoked_at__isnull=True).count() == 3


def test_code_guessing_is_limited(personas: Personas) -> None:
    client = as_user(personas.erin)
    url = reverse("practice:join")
    for _ in range(settings.INVITE_GUESS_LIMIT):
        assert client.post(url, {"code": "not-a-real-code-at-all"}).status_code == 404
    assert client.post(url, {"code": "another-wrong-one"}).status_code == 429
    # even the right code waits now, so a run of guesses cannot go on
    assert client.post(url, {"code": personas.practice.open_code}).status_code == 429
    # someone else, from another address, is not locked out by erin's guessing
    other = as_user(personas.carol).post(
        url, {"code": personas.practice.open_code}, REMOTE_ADDR="10.0.0.2"
    )
    assert other.status_code == 200


def test_a_couple_code_is_for_two_partners_only(personas: Personas) -> None:
    profile = Practitioner.objects.get(user=personas.practice.quinn)
    new = services.client_invitation_create(practitioner=profile, invited="couple")
    with pytest.raises(services.PracticeError):  # carol has no partner
        services.client_invitation_redeem(invitation=new.invitation, user=personas.carol)
    client = as_user(personas.bob)
    assert (
        client.post(
            reverse("practice:accept"), {"code": new.code, "password": PASSWORD}
        ).status_code
        == 302
    )
    new.invitation.refresh_from_db()
    assert new.invitation.state == ClientInvitationState.OPEN  # one place left, for alice
    with pytest.raises(services.PracticeError):  # dave is not bob's partner
        services.client_invitation_redeem(invitation=new.invitation, user=personas.dave)
    link = ClientLink.objects.get(practitioner=profile, client=personas.bob)
    assert not Consent.objects.filter(link=link).exists()  # connecting grants nothing


def test_a_person_invitation_works_once(personas: Personas) -> None:
    code = personas.practice.open_code
    assert (
        as_user(personas.carol)
        .post(reverse("practice:accept"), {"code": code, "password": PASSWORD})
        .status_code
        == 302
    )
    invitation = ClientInvitation.objects.get(public_id=ids(personas)["open_invitation"])
    assert invitation.state == ClientInvitationState.USED
    assert as_user(personas.dave).post(reverse("practice:join"), {"code": code}).status_code == 404


def test_a_practitioner_code_typed_in_small_letters_without_dashes_connects(
    personas: Personas,
) -> None:
    assert personas.practice is not None
    typed = personas.practice.open_code.replace("-", " ").lower()
    carol = as_user(personas.carol)
    assert (
        carol.post(reverse("practice:accept"), {"code": typed, "password": PASSWORD}).status_code
        == 302
    )
    invitation = ClientInvitation.objects.get(public_id=ids(personas)["open_invitation"])
    assert invitation.state == ClientInvitationState.USED


def test_the_invitation_says_the_title_is_theirs_and_not_checked(personas: Personas) -> None:
    """Any account can turn on the practitioner role: the page a code leads to says the title is
    how they describe themselves, and that nobody checked it, before she connects."""
    assert personas.practice is not None
    carol = as_user(personas.carol)
    page = carol.post(reverse("practice:join"), {"code": personas.practice.open_code})
    text = " ".join(page.content.decode().split())
    assert page.status_code == 200
    assert "Describes themselves as: therapist" in text.replace("Therapist", "therapist")
    assert "Interdepend does not check anyone's training or title" in text.replace("&#x27;", "'")


def test_access_log_page_shows_who_and_what_kind(personas: Personas) -> None:
    status(pat(personas), "client_map", ids(personas)["alice_link"])
    page = as_user(personas.alice).get(reverse("practice:log")).content.decode()
    assert f"<bdi>{pat_words(personas)}</bdi>" in page and "your results and map" in page
    assert "Pat" not in as_user(personas.carol).get(reverse("practice:log")).content.decode()


@pytest.mark.parametrize(
    ("language", "kind", "operator"),
    [
        ("en", "therapist", "the people running this site"),
        ("es", "terapia", "las personas que gestionan este sitio"),
    ],
)
def test_her_log_names_who_read_in_her_language(
    personas: Personas, tmp_path: Path, language: str, kind: str, operator: str
) -> None:
    """The second phone walk of 2026-12-04: her log in Spanish named Pat "(therapist, …)" and
    the site's people "operator (command line)", in English and in the words of a terminal."""
    status(pat(personas), "client_map", ids(personas)["alice_link"])
    alice = personas.alice
    assert main(["report", "--email", alice.email, "--pdf", str(tmp_path / "a.pdf")]) == 0
    alice.language = language
    alice.save(update_fields=["language"])
    page = " ".join(as_user(alice).get(reverse("practice:log")).content.decode().split())
    number = personas.practice.pat.practitioner.number
    assert f"<bdi>Pat ({kind}, Pat Practice, {number})</bdi>" in page
    assert f"<bdi>{operator}</bdi>" in page
    assert "operator" not in page and "when they looked" not in page
    if language == "es":
        assert "therapist" not in page


def test_a_practitioner_who_reads_under_another_name_is_still_named_in_her_log(
    personas: Personas,
) -> None:
    """A practitioner who took another's name and title for a read, then changed back, was
    blamed on the other in her log (the practitioner audit): the log names the reader's
    account as it is called now, with the words recorded at the read beside them."""
    from interdepend.web.practice.models import Practitioner

    reader = Practitioner.objects.get(user__display_name="Pat")
    user = reader.user
    user.display_name, reader.practice_name = "Robin", "Riverside Counselling"
    user.save()
    reader.save()
    status(pat(personas), "client_map", ids(personas)["alice_link"])
    user.display_name, reader.practice_name = "Pat", "Pat Practice"
    user.save()
    reader.save()
    page = " ".join(as_user(personas.alice).get(reverse("practice:log")).content.decode().split())
    number = reader.number  # the one part of the words he could not take
    assert (
        f'<bdi>{pat_words(personas)}</bdi> <span class="hint">(called '
        f"<bdi>Robin (therapist, Riverside Counselling, {number})</bdi> when they looked)</span>"
    ) in page


def test_a_practitioner_who_takes_another_ones_name_is_told_apart_by_the_number(
    personas: Personas,
) -> None:
    """The practitioner audit of 2026-12-03: pat took quinn's name, title and practice; alice's
    pages showed two identical practitioners (share buttons, Who can see what, her log), and
    once pat erased his account his reads stayed in her log under quinn's words. Every place
    now carries the practitioner number, which nobody chooses; her page says what pat was
    called when she connected; his reads keep his number after his erasure."""
    from interdepend.web.datarights.services import user_delete
    from tests.journal_fixtures import entry_id

    alice, practice = personas.alice, personas.practice
    pat_profile, quinn_profile = practice.pat.practitioner, practice.quinn.practitioner
    before = pat_words(personas)
    assert pat_profile.number != quinn_profile.number
    pat_profile.user.display_name = "Quinn"
    pat_profile.user.save()
    pat_profile.kind, pat_profile.practice_name = "counsellor", "Quinn Practice"
    pat_profile.save()

    mine = " ".join(as_user(alice).get(reverse("practice:mine")).content.decode().split())
    headings = re.findall(r"<h2 id=\"link-[^\"]+\"><bdi>([^<]+)</bdi></h2>", mine)
    assert f"Quinn ({pat_profile.number})" in headings
    assert f"Quinn ({quinn_profile.number})" in headings
    assert (
        f"When you connected, this practitioner was called <bdi>{before}</bdi>." in mine
    )  # pat's link, made before he took the name
    assert mine.count('data-note="renamed"') == 1
    sharing = as_user(alice).get(reverse("safetycheck:index")).content.decode()
    assert pat_profile.number in sharing and quinn_profile.number in sharing

    entry = password_confirmed(as_user(alice)).get(
        reverse("journal:entry", args=[entry_id("alice-for-pat")])
    )
    shown = entry.content.decode()
    assert f"<bdi>Quinn ({pat_profile.number})</bdi> can read this entry." in shown

    status(pat(personas), "client_map", ids(personas)["alice_link"])
    user_delete(user=practice.pat)
    labels = {row.reader_label for row in log_rows(alice)}
    assert f"Quinn (counsellor, Quinn Practice, {pat_profile.number})" in labels
    assert all(quinn_profile.number not in label for label in labels)


def test_a_practitioner_sees_their_own_number_and_the_command_line_says_it(
    personas: Personas, capsys: pytest.CaptureFixture[str]
) -> None:
    number = personas.practice.pat.practitioner.number
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}", number)
    page = pat(personas).get(reverse("practice:dashboard")).content.decode()
    assert f"Your practitioner number is <strong>{number}</strong>" in page
    code = personas.practice.open_code
    invitation = password_confirmed(as_user(personas.carol)).get(
        reverse("practice:join_link", args=[code])
    )
    assert f"{number} is this practitioner's number" in invitation.content.decode()
    assert main(["practitioner", "add", personas.dave.email]) == 0
    told = Practitioner.objects.get(user=personas.dave).number
    assert f"number {told}" in capsys.readouterr().out


def test_a_practitioner_reads_a_client_described_not_diagnosed_nor_addressed(
    personas: Personas,
) -> None:
    """The practitioner audit of 2026-12-03: bare scores with no word that they describe, and a
    map speaking to "you" on his screen. The client page says what the numbers are; the map
    he sees names its quadrants for the client; hers still speaks to her."""
    reader, link = pat(personas), ids(personas)["alice_link"]
    page = reader.get(reverse("practice:client", args=[link])).content.decode()
    assert "These numbers describe how this person answered. They are not a diagnosis" in page
    his_map = reader.get(reverse("practice:client_map", args=[link])).content.decode()
    assert "their own self" in his_map and "your own" not in his_map
    assert "yourself" not in his_map
    attempt = personas.finished_attempt_id
    her_map = password_confirmed(as_user(personas.alice)).get(
        reverse("assessment:map", args=[attempt])
    )
    assert "your own self" in her_map.content.decode()


def test_becoming_a_practitioner_shows_the_practice_menu(personas: Personas) -> None:
    client = as_user(personas.carol)
    assert b'href="/practice/"' not in client.get(reverse("home:home")).content
    response = client.post(reverse("practice:start"), {"kind": "coach", "practice_name": "Hill"})
    assert response.status_code == 302
    assert b'href="/practice/"' in client.get(reverse("home:home")).content
    assert client.get(reverse("practice:dashboard")).status_code == 200


def test_practitioner_add_command(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    email = personas.dave.email
    assert main(["practitioner", "add", email, "--kind", "counsellor"]) == 0
    assert Practitioner.objects.get(user=personas.dave).kind == "counsellor"
    assert main(["practitioner", "add", "nobody@example.test"]) == 2
    assert "no account" in capsys.readouterr().err
    # A name longer than a practice name is kept is refused; a line break becomes a space.
    assert main(["practitioner", "add", email, "--practice-name", "x" * 121]) == 2
    assert "121 characters, 120 at most; nothing changed" in capsys.readouterr().err
    assert Practitioner.objects.get(user=personas.dave).practice_name == ""
    assert main(["practitioner", "add", email, "--practice-name", "Hill\nStreet\x01"]) == 0
    assert Practitioner.objects.get(user=personas.dave).practice_name == "Hill Street"


def test_export_unshare_and_erase(personas: Personas) -> None:
    status(pat(personas), "client_map", ids(personas)["alice_link"])
    tables = personal.export(personas.alice)
    assert len(tables["practice_clientlink"]) == 3 and len(tables["practice_accesslogentry"]) == 1
    practice = personas.practice
    assert {row["practitioner_name"] for row in tables["practice_clientlink"]} == {
        practice.pat.practitioner.named,
        practice.quinn.practitioner.named,
        practice.rory.practitioner.named,
    }
    assert not tables["practice_practitioner"]
    mine = personal.export(personas.practice.pat)
    assert mine["practice_practitioner"][0]["kind"] == "therapist"
    assert len(mine["practice_accesslogentry"]) == 1  # the read pat made, by account id only
    assert all("code_digest" not in row for row in mine["practice_clientinvitation"])
    # three live consents and three links
    assert personal.unshare_all(personas.alice) == 3 + 3
    assert status(pat(personas), "client", ids(personas)["alice_link"]) == 404
    personal.erase(personas.practice.pat)
    User.objects.filter(pk=personas.practice.pat.pk).delete()
    entry = log_rows(personas.alice)[0]
    assert entry.reader_id is None and entry.reader_label.startswith("Pat")
    User.objects.filter(pk=personas.alice.pk).delete()
    assert not AccessLogEntry.objects.filter(subject_id=personas.alice.pk).exists()


def test_demo_practitioner_works_with_the_demo_couple(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:

    from interdepend.web.demo import demo_load

    assert main(["demo"]) == 0
    assert "demo account: robin@demo.interdepend.test" in capsys.readouterr().out
    demo_load()  # a second run changes nothing
    robin = User.objects.get(email="robin@demo.interdepend.test")
    links = {link.client.display_name: link for link in ClientLink.objects.filter(is_active=True)}
    assert set(links) == {"Maya", "Jonah"}
    live = Consent.objects.filter(revoked_at__isnull=True)
    assert sorted(live.values_list("link__client__display_name", "scope")) == [
        ("Maya", "couple"),
        ("Maya", "results"),
    ]
    client = as_user(robin)
    page = client.get(reverse("practice:client", args=[links["Maya"].public_id])).content.decode()
    assert "Inventory results" in page and "couple view is not available" in page
    assert status(client, "client", links["Jonah"].public_id) == 200
    assert status(client, "client_map", links["Jonah"].public_id) == 404


def test_the_charts_numbers_are_a_link_away_and_logged_as_the_charts(personas: Personas) -> None:
    """The check-in chart and the couple map each link a page of their numbers (their long
    description): the same data as the image, under the same consent, logged the same way."""
    import re

    from interdepend.web.couple.selectors import couple_view
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together.selectors import own_series

    reader, link = pat(personas), ids(personas)
    page = reader.get(reverse("practice:client", args=[link["bob_link"]])).content.decode()
    numbers_url = reverse("practice:client_trends_numbers", args=[link["bob_link"]])
    assert f'href="{numbers_url}"' in page and 'aria-describedby="client-trends-numbers"' in page
    before = len(log_rows(personas.bob))
    table = reader.get(numbers_url).content.decode()
    assert [r.kind for r in log_rows(personas.bob)][before:] == ["trends"]
    weeks = {
        w
        for s in own_series(personas.bob)
        for w, v in zip(s.weeks, s.values, strict=True)
        if v is not None
    }
    assert table.count('<th scope="row">') == len(weeks) > 0
    # Not consented (alice shares no trends): nothing shown, nothing logged.
    assert status(reader, "client_trends_numbers", link["alice_link"]) == 404

    active = access_active_partnership(personas.alice)
    assert active is not None
    view = couple_view(personas.alice, active)
    assert view is not None
    scores = reader.get(reverse("practice:couple_numbers", args=[link["alice_link"]]))
    cells = re.findall(r"<td>([^<]*)</td>", scores.content.decode())
    wanted = [v for s in view.mine.scales for v in (s.score, view.theirs.score(s.scale_id))]
    assert None not in wanted and len(cells) == len(wanted) == 2 * len(view.mine.scales)
    assert [float(c) for c in cells] == pytest.approx(wanted, abs=0.051)
    assert [r.kind for r in log_rows(personas.alice)][-1] == "couple"
    assert [r.kind for r in log_rows(personas.bob)][-1] == "couple"


def test_a_practitioners_export_holds_his_reads_but_not_their_place_in_her_log(
    personas: Personas,
) -> None:
    """The number and hashes of a row place it in the client's chain: from them a reader would
    learn how many reads others made in between (another practitioner of hers, or whoever runs
    the site). His export says what he read and when; her own export keeps the whole chain."""
    ids = personas.practice.ids
    pat, quinn = as_user(personas.practice.pat), as_user(personas.practice.quinn)
    services.consent_set(
        link=ClientLink.objects.get(public_id=ids["quinn_link"]), scopes=["results"]
    )
    assert pat.get(reverse("practice:client_map", args=[ids["alice_link"]])).status_code == 200
    for _ in range(3):
        assert (
            quinn.get(reverse("practice:client_map", args=[ids["quinn_link"]])).status_code == 200
        )
    assert pat.get(reverse("practice:client_map", args=[ids["alice_link"]])).status_code == 200
    his = personal.export(personas.practice.pat)["practice_accesslogentry"]
    assert len(his) == 2 and all(row["kind"] for row in his)
    assert all(row[column] == "" for row in his for column in personal.CHAIN_COLUMNS)
    hers = personal.export(personas.alice)["practice_accesslogentry"]
    seqs = sorted(int(str(row["seq"])) for row in hers)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))) and len(seqs) >= 5
    assert all(row["entry_hash"] for row in hers)


def test_the_couple_scope_says_what_the_report_holds() -> None:
    """The box that shares the couple view names what the practitioner then reads: both
    partners' results, the statements answered furthest apart, how each sees the other."""
    from interdepend.web.practice.forms import SCOPE_LABELS
    from interdepend.web.practice.models import Scope

    label = str(SCOPE_LABELS[Scope.COUPLE])
    for words in ("both our results", "furthest apart", "how each of us sees the other"):
        assert words in label


def test_letting_a_practitioner_see_more_needs_the_password_typed_with_the_choice(
    personas: Personas,
) -> None:
    """Just after her sign-in (a fresh password), ticking a new box still asks for the password
    in the same form; unticking never does; a wrong one counts as on the confirm page."""
    link = ids(personas)["alice_link"]
    alice = password_confirmed(as_user(personas.alice), seconds_ago=30)
    url = reverse("practice:consent", args=[link])
    live = set(
        Consent.objects.filter(link__public_id=link, revoked_at__isnull=True).values_list(
            "scope", flat=True
        )
    )
    more = sorted(live | {"trends"} if "trends" not in live else live | {"results"})
    for typed in ("", "his guess"):
        page = alice.post(url, {f"link{link}-scopes": more, f"link{link}-password": typed})
        assert page.status_code == 400
        text = page.content.decode()
        assert "Nothing changed" in text and ("Type your password" in text or "not right" in text)
        assert f'value="{more[0]}"' in text  # her choice is still ticked on the page
    now = set(
        Consent.objects.filter(link__public_id=link, revoked_at__isnull=True).values_list(
            "scope", flat=True
        )
    )
    assert now == live
    assert alice.session.get("_reauth_failures") == 1  # the empty one did not count
    fewer = sorted(live)[1:]
    assert alice.post(url, {f"link{link}-scopes": fewer}).status_code == 302
    with_password = {f"link{link}-scopes": more, f"link{link}-password": PASSWORD}
    assert alice.post(url, with_password).status_code == 302
    assert set(
        Consent.objects.filter(link__public_id=link, revoked_at__isnull=True).values_list(
            "scope", flat=True
        )
    ) == set(more)


def test_an_invitation_from_her_partners_account_says_so(personas: Personas) -> None:
    """Any account can turn the practitioner role on, his too (the practitioner audit): an
    invitation from her partner's account, or an ex's, tells her whose it is."""
    from interdepend.web.partners import services as partners
    from interdepend.web.practice.services import client_invitation_create, practitioner_enable

    bob = personas.bob
    practitioner_enable(user=bob, kind="therapist", practice_name="Calm Rooms")
    from interdepend.web.practice.models import Practitioner

    made = client_invitation_create(practitioner=Practitioner.objects.get(user=bob))
    alice = as_user(personas.alice)
    page = " ".join(
        alice.post(reverse("practice:join"), {"code": made.code}).content.decode().split()
    )
    assert "This invitation comes from the account of your partner." in page
    partners.partnership_leave(user=bob)
    page = " ".join(
        alice.post(reverse("practice:join"), {"code": made.code}).content.decode().split()
    )
    assert "someone you were linked with as partners" in page
    page = " ".join(
        as_user(personas.carol)
        .post(reverse("practice:join"), {"code": made.code})
        .content.decode()
        .split()
    )
    assert "comes from the account of" not in page


def test_a_couple_consent_is_for_the_couple_it_was_given_in(personas: Personas) -> None:
    """Alice and Bob each let Pat see their couple view. Alice leaves Bob and links with Carol,
    who also lets Pat see hers: the consent Alice gave with Bob carried over, and Pat saw Alice
    and Carol's scores without Alice agreeing to that couple (the practitioner audit). It
    counts again once she ticks it for this couple."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.partners import services as partners
    from interdepend.web.partners.models import Partnership
    from interdepend.web.practice import access as practice_access
    from interdepend.web.practice.models import ClientLink
    from interdepend.web.practice.services import (
        client_invitation_create,
        client_invitation_redeem,
    )

    alice, carol = personas.alice, personas.carol
    hers = ClientLink.objects.get(public_id=ids(personas)["alice_link"])
    assert practice_access.couple_clients(hers) is not None  # with Bob
    partners.partnership_leave(user=alice)
    made = partners.invitation_create(inviter=alice)
    partners.invitation_accept(invitation=made.invitation, user=carol)
    Partnership.objects.filter(members__user=alice, ended_at__isnull=True).update(
        started_at=timezone.now() + timedelta(seconds=1)
    )  # begun after every consent so far, however fast the test runs
    made_for_carol = client_invitation_create(practitioner=hers.by)
    carols = client_invitation_redeem(invitation=made_for_carol.invitation, user=carol)
    Partnership.objects.filter(members__user=alice, ended_at__isnull=True).update(
        started_at=timezone.now() - timedelta(milliseconds=1)
    )
    assert set_scopes(carol, carols.public_id, ["couple"]) == 302
    assert practice_access.couple_clients(hers) is None, "her consent was for another couple"
    assert status(pat(personas), "couple_numbers", hers.public_id) == 404
    mine = as_user(alice).get(reverse("practice:mine")).content.decode()
    box = re.findall(r'<input type="checkbox"[^>]*value="couple"[^>]*>', mine)
    assert box and not any(re.search(r"\schecked(\s|>)", b) for b in box), box
    assert set_scopes(alice, hers.public_id, ["results", "couple"]) == 302
    assert practice_access.couple_clients(hers) is not None


def test_a_new_code_is_shown_once_on_a_page_of_its_own(personas: Personas) -> None:
    """Answered with a page, making an invitation stayed in the browser's history, where Back
    then Reload made another code (the stranger audit). It now redirects to a page that shows
    the code once, within two minutes."""
    import time

    from interdepend.web.practice import views

    reader = pat(personas)
    before = ClientInvitation.objects.count()
    made = reader.post(reverse("practice:invite"), {"invited": "person"})
    assert made.status_code == 302 and made["Location"] == reverse("practice:invitation")
    assert ClientInvitation.objects.count() == before + 1
    page = reader.get(reverse("practice:invitation")).content.decode()
    code = re.search(r"practice/(?:<wbr>)?join/(?:<wbr>)?<span class=\"whole\">([^/]+)/", page)
    assert code is not None and 'id="invite-code"' in page
    joined = as_user(personas.carol).get(reverse("practice:join_link", args=[code.group(1)]))
    assert joined.status_code == 200
    again = reader.get(reverse("practice:invitation"), follow=True).content.decode()
    assert "shown only once" in again and 'id="invite-code"' not in again
    assert ClientInvitation.objects.count() == before + 1, "reading the page makes no code"

    reader.post(reverse("practice:invite"), {"invited": "couple"})
    session = reader.session
    session[views.INVITATION_SHOWN][1] = time.time() - views.INVITATION_SECONDS - 1
    session.save()
    late = reader.get(reverse("practice:invitation"), follow=True).content.decode()
    assert "shown only once" in late and 'id="invite-code"' not in late
    # Someone else's session never holds the code, and a non-practitioner finds no page.
    assert as_user(personas.carol).get(reverse("practice:invitation")).status_code == 404


VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem|token)" value=")[^"]*"')


def test_her_new_partnership_changes_nothing_on_her_practitioners_pages(
    personas: Personas,
) -> None:
    """Alice let Pat see the couple view with Bob, left Bob, then linked with Carol. Her
    consent stops counting for the new couple, but Pat's dashboard and her page on his side
    read the same before and after the new link: its dropping off told him she had a new
    partner, and about when (the practitioner audit of 2026-12-02). Her own history says when
    it stopped counting."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.partners import services as partners
    from interdepend.web.partners.models import Partnership
    from interdepend.web.practice import access as practice_access

    alice, carol = personas.alice, personas.carol
    hers = ClientLink.objects.get(public_id=ids(personas)["alice_link"])
    pages = [reverse("practice:dashboard"), reverse("practice:client", args=[hers.public_id])]

    def seen() -> list[str]:
        return [VOLATILE.sub(r"\1", pat(personas).get(p).content.decode()) for p in pages]

    partners.partnership_leave(user=alice)
    before = seen()
    assert "couple" in "".join(before).lower()
    made = partners.invitation_create(inviter=alice)
    partners.invitation_accept(invitation=made.invitation, user=carol)
    began = timezone.now() + timedelta(seconds=1)
    Partnership.objects.filter(members__user=alice, ended_at__isnull=True).update(
        started_at=began
    )  # begun after every consent so far, however fast the test runs
    assert practice_access.live_scopes(hers) == practice_access.shown_scopes(hers) - {"couple"}
    assert seen() == before
    mine = as_user(alice).get(reverse("practice:mine")).content.decode()
    rows = re.findall(r"<tr><td>.*?</tr>", mine, flags=re.S)
    couple = [r for r in rows if "couple view" in r.lower() or "couple" in r.lower()]
    assert couple and all(">now<" not in r for r in couple), couple


def test_a_practitioners_erasure_leaves_the_client_her_record_of_what_she_shared(
    personas: Personas,
) -> None:
    """Pat deletes his account: Alice's link with him ends, and her page and her download
    still say what she let him see, from when until when, under the name he had; his profile
    and invitations are gone (the practitioner audit of 2026-12-02: the cascade erased it)."""
    from interdepend.web.datarights.services import user_delete

    alice, pat_user = personas.alice, personas.practice.pat
    link_id = ids(personas)["alice_link"]
    words = pat_words(personas)
    status(pat(personas), "client_map", link_id)
    given = set(Consent.objects.filter(link__public_id=link_id).values_list("scope", flat=True))
    assert given
    user_delete(user=pat_user)
    assert not Practitioner.objects.filter(user_id=pat_user.pk).exists()
    assert not ClientInvitation.objects.filter(practitioner__user_id=pat_user.pk).exists()
    link = ClientLink.objects.get(public_id=link_id)
    assert link.practitioner is None and not link.is_active and link.ended_at is not None
    assert link.practitioner_label == words
    kept = Consent.objects.filter(link=link)
    assert {c.scope for c in kept} == given
    assert all(c.revoked_at is not None for c in kept)
    page = as_user(alice).get(reverse("practice:mine")).content.decode()
    history = page[page.index("What you have shared, over time") :]
    assert history.count(f"<bdi>{words}</bdi>") == len(given)
    assert ">now<" not in history.split("</table>")[0].split(words, 1)[1]
    tables = personal.export(alice)
    row = next(r for r in tables["practice_clientlink"] if r["id"] == link_id)
    assert row["practitioner_name"] == words
    assert len([c for c in tables["practice_consent"] if c["link_id"] == link_id]) == len(given)
    assert log_rows(alice)[-1].reader_label.startswith("Pat")


def test_a_practitioners_download_cannot_tell_an_ended_link_from_her_erasure(
    personas: Personas,
) -> None:
    """His download lists his reads of the clients he still works with. When Alice ends the
    link, her rows leave it; her later erasure then changes nothing in it (before, the rows
    stayed until her erasure took them: the practitioner audit of 2026-12-02)."""
    from interdepend.web.datarights.services import user_delete

    link_id = ids(personas)["alice_link"]
    assert status(pat(personas), "client_map", link_id) == 200

    def his_reads() -> list[dict[str, object]]:
        return list(personal.export(personas.practice.pat)["practice_accesslogentry"])

    assert len(his_reads()) == 1
    services.link_end(link=ClientLink.objects.get(public_id=link_id))
    after_end = his_reads()
    assert after_end == []
    user_delete(user=personas.alice)
    assert his_reads() == after_end


def test_an_active_link_cannot_lose_its_practitioner(personas: Personas) -> None:
    """Deleting a practitioner's profile without ending the links first is refused by the
    database: every active link keeps its practitioner, which every page of it reads."""
    from django.db import IntegrityError, transaction

    profile = Practitioner.objects.get(user=personas.practice.pat)
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.delete()
    assert ClientLink.objects.get(public_id=ids(personas)["alice_link"]).practitioner == profile


def test_a_couple_consent_stays_ended_when_the_next_partnership_ends_too(
    personas: Personas,
) -> None:
    """Alice let Pat see the couple view with Bob, then linked with Carol, then left Carol:
    counted from the current partnership only, the old consent counted again (her box ticked,
    her record saying "now" again: the re-audit of 2026-12-02). It stays ended, dated when
    the partnership with Carol began, through a later partnership too."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.partners import services as partners
    from interdepend.web.partners.models import Partnership
    from interdepend.web.practice import access as practice_access

    alice, carol, dave = personas.alice, personas.carol, personas.dave
    hers = ClientLink.objects.get(public_id=ids(personas)["alice_link"])
    partners.partnership_leave(user=alice)
    made = partners.invitation_create(inviter=alice)
    partners.invitation_accept(invitation=made.invitation, user=carol)
    with_carol = timezone.now() + timedelta(seconds=1)
    Partnership.objects.filter(members__user=alice, ended_at__isnull=True).update(
        started_at=with_carol
    )

    def box_ticked() -> bool:
        mine = as_user(alice).get(reverse("practice:mine")).content.decode()
        box = re.findall(r'<input type="checkbox"[^>]*value="couple"[^>]*>', mine)
        return any(re.search(r"\schecked(\s|>)", b) for b in box)

    def until() -> list[object]:
        from interdepend.web.practice.selectors import consent_history

        return [line.until for line in consent_history(alice) if line.scope == "couple"]

    assert "couple" not in practice_access.live_scopes(hers) and not box_ticked()
    assert until() == [with_carol]
    partners.partnership_leave(user=alice)
    assert "couple" not in practice_access.live_scopes(hers) and not box_ticked()
    assert until() == [with_carol]
    Partnership.objects.filter(members__user=dave).update(ended_at=timezone.now())
    again = partners.invitation_create(inviter=alice)
    partners.invitation_accept(invitation=again.invitation, user=dave)
    Partnership.objects.filter(members__user=alice, ended_at__isnull=True).update(
        started_at=with_carol + timedelta(seconds=1)
    )  # after the one with Carol, however fast the test runs
    assert "couple" not in practice_access.live_scopes(hers)
    assert until() == [with_carol]


@pytest.mark.parametrize(
    "name",
    [
        "Robin (JG1-4QF)",
        "Robin JG1 4QF",
        "Robin jg1-4qf",
        "Robin (ＪＧ１-４ＱＦ)",  # full-width
        "Robin (КС7-К5В)",  # Cyrillic letters that look Latin
        "Robin (JG1–4QF)",  # an en dash
        # The partner audit of 2026-12-03: wider separators and look-alikes.
        "Robin (DC6\u2009-\u2009GFM)",  # thin spaces around the hyphen
        "Robin (JR6 - HKY)",
        "Robin JR6.-.HKY",
        "Robin JR6_-_HKY",
        "Robin JR6·-·HKY",
        "Robin JR6-HKY_",
        "Robin (JRб-HKY)",  # a Cyrillic б for the six
        "Robin (KOQ-MZT)",  # letters O for the zeros of K0Q-M2T
        "Robin JR6HKY",
    ],
)
def test_no_name_can_hold_what_reads_as_a_practitioner_number(
    personas: Personas, name: str
) -> None:
    """The re-audit of 2026-12-03: an account put another practitioner's number in its own
    name ("Robin (KC7-K5B) (JG1-4QF) invites you to connect"). A name, a changed name and a
    practice name that read as one are refused, in any script; ordinary names are not."""
    carol = personas.carol
    client = password_confirmed(as_user(carol))
    changed = client.post(reverse("accounts:details"), {"change": "name", "display_name": name})
    assert changed.status_code == 400 and "practitioner number" in changed.content.decode()
    started = client.post(reverse("practice:start"), {"kind": "coach", "practice_name": name})
    assert started.status_code == 400 and not Practitioner.objects.filter(user=carol).exists()
    carol.refresh_from_db()
    assert carol.display_name != name


def test_ordinary_names_are_not_taken_for_a_practitioner_number(personas: Personas) -> None:
    from interdepend.web.frame.usertext import reads_as_a_number
    from interdepend.web.practice.models import practitioner_number

    for name in (
        "Ann-Kim",
        "Jo-Ann Lee",
        "Room 12",
        "Suite 4B",
        "Clinic on 2nd Street",
        "Ana",
        "ANA KIM",
        "JIM LEE",
        "Bob Ono",
        "Riverside Counselling",
        "Unit 4, 100 Main St",
    ):
        assert not reads_as_a_number(name), name
    assert all(reads_as_a_number(practitioner_number()) for _ in range(500))


def test_a_clients_download_holds_the_invitation_she_answered_without_its_state(
    personas: Personas,
) -> None:
    """Her link names the invitation it came from, which her download did not hold (the
    data-rights audit of 2026-12-03, L3). Its state stays out: a couple's code is used up only
    once the partner joins too."""
    profile = Practitioner.objects.get(user=personas.practice.quinn)
    new = services.client_invitation_create(practitioner=profile, invited="couple")
    link = services.client_invitation_redeem(invitation=new.invitation, user=personas.bob)
    tables = personal.export(personas.bob)
    [row] = [r for r in tables["practice_clientinvitation"] if r["id"] == new.invitation.public_id]
    assert (row["invited"], row["state"]) == ("couple", "")
    assert "code_digest" not in row
    [mine] = [r for r in tables["practice_clientlink"] if r["id"] == link.public_id]
    assert mine["invitation_id"] == new.invitation.public_id
    made = personal.export(personas.practice.quinn)["practice_clientinvitation"]
    assert any(r["id"] == new.invitation.public_id and r["state"] == "open" for r in made)


def test_her_log_keeps_one_line_for_a_sitting_and_counts_its_reads(personas: Personas) -> None:
    """A practitioner's visit wrote a line per chart drawn (her log grew to some 20,000 px on a
    phone in the second phone walk of 2026-12-04): reads of one kind by one reader on one of
    her days now share a line that says how many; another kind between them starts a new one,
    and every read keeps its own row in the log."""
    from interdepend.web.practice.models import AccessLogEntry

    link = ids(personas)["alice_link"]
    assert set_scopes(personas.alice, link, ["results", "trends"]) == 302
    for _ in range(3):
        status(pat(personas), "client_map", link)
    assert status(pat(personas), "client_trends", link) == 200
    status(pat(personas), "client_map", link)
    alice = personas.alice
    assert AccessLogEntry.objects.filter(subject=alice).count() == 5
    page = " ".join(as_user(alice).get(reverse("practice:log")).content.decode().split())
    rows = re.findall(r"<tr><td>(.*?)</td>.*?<td>([^<]*)</td></tr>", page)
    assert [kind for _, kind in rows] == [
        "your results and map",
        "your check-in trends",
        "your results and map",
    ], rows
    assert rows[2][0].endswith("(3 times)")
    # Reads within one minute are said at one time, never "7:50 p.m. to 7:50 p.m.".
    spread = re.fullmatch(r".*, (.*) to (.*) \(3 times\)", rows[2][0])
    assert spread is None or spread.group(1) != spread.group(2), rows[2][0]
    assert "times" not in rows[0][0] and "times" not in rows[1][0]


def test_a_log_line_says_one_time_for_reads_within_a_minute() -> None:
    from datetime import UTC, datetime

    from interdepend.web.practice.selectors import LogLine

    at = datetime(2026, 12, 4, 19, 50, 40, tzinfo=UTC)
    line = LogLine(at=at, who="Robin", then="", kind="results")
    assert line.one_minute
    assert replace(line, first=at.replace(second=5), times=3).one_minute
    assert not replace(line, first=at.replace(minute=49, second=59), times=2).one_minute


def test_a_practitioner_s_couple_pages_read_no_moment_the_couple_reads_leave_out(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The couple's reads leave out the moments a take was begun and saved, a result shared
    and a perception saved (issue 15's eighteenth pass): the practitioner's couple pages, which
    build the same view, never read one later (a deferred field's read is a query of its own)."""
    from interdepend.web.assessment.models import Attempt
    from interdepend.web.couple.models import Perception, Reveal

    for model in (Attempt, Reveal, Perception):
        monkeypatch.setattr(model, "refresh_from_db", refusing_deferred(model.refresh_from_db))
    reader, link = pat(personas), ids(personas)
    for name in ("couple_numbers", "couple_map", "couple_report"):
        assert status(reader, name, link["alice_link"]) == 200, name
