"""Research consent, the de-identified export, and reliability for the deployer."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.research import selectors
from interdepend.web.research.models import ResearchConsent
from interdepend.web.research.services import consent_set
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

SCALES = ("self", "bond", "enmeshment", "distance")


def couples(count: int, *, seed: int = 11) -> list[tuple[User, User]]:
    """Linked couples who each finished the inventory, with varied, partly shared levels."""
    from interdepend.web.accounts.services import user_create
    from interdepend.web.assessment import selectors as assessment
    from interdepend.web.assessment.demo import complete_attempt, profile_answers
    from interdepend.web.partners import services as partners

    rng = random.Random(seed)
    inventory = assessment.inventory()
    pairs: list[tuple[User, User]] = []
    for n in range(count):
        shared = {s: rng.randint(2, 6) for s in SCALES}
        people = []
        for who in ("a", "b"):
            user = user_create(
                email=f"research-{n}{who}@example.test",
                password="a long enough passphrase",
                display_name=f"Person{n}{who}",
            )
            levels = {s: min(7, max(1, v + rng.randint(-1, 1))) for s, v in shared.items()}
            facets = {"own_life": rng.randint(1, 7), "boundaries": rng.randint(1, 7)}
            people.append((user, profile_answers(inventory, levels, facets)))
        invitation = partners.invitation_create(inviter=people[0][0])
        partners.invitation_accept(invitation=invitation.invitation, user=people[1][0])
        # Answered as a couple: a take from before they linked is not about this couple.
        for user, answers in people:
            complete_attempt(user, answers, days_ago=0, seed=n)
        pairs.append((people[0][0], people[1][0]))
    return pairs


def consent_all(pairs: list[tuple[User, User]]) -> None:
    for pair in pairs:
        for person in pair:
            consent_set(user=person, given=True)


def test_a_person_gives_and_withdraws_consent(personas: Personas) -> None:
    carol = as_user(personas.carol)
    url = reverse("research:consent")
    assert "are not used for research" in carol.get(url).content.decode()
    asked = carol.post(url, {"choice": "give"})  # just after sign-in: the password first
    assert 'name="password"' in asked.content.decode()
    assert not ResearchConsent.objects.filter(user=personas.carol).exists()
    carol.post(url, {"choice": "give", "password": PASSWORD})
    carol.post(url, {"choice": "give", "password": PASSWORD})  # twice: one row, still given
    assert ResearchConsent.objects.get(user=personas.carol).is_given
    assert "You have said yes" in carol.get(url).content.decode()
    carol.post(url, {"choice": "withdraw"})
    assert not ResearchConsent.objects.get(user=personas.carol).is_given


def test_an_empty_or_odd_consent_post_changes_nothing(personas: Personas) -> None:
    carol = as_user(personas.carol)
    url = reverse("research:consent")
    for data in ({}, {"choice": "maybe"}):
        response = carol.post(url, data, follow=True)
        assert "Nothing changed" in response.content.decode()
    assert not ResearchConsent.objects.filter(user=personas.carol).exists()


def test_export_holds_only_couples_where_both_consented(personas: Personas) -> None:
    pairs = couples(3)
    consent_all(pairs[:2])
    consent_set(user=pairs[2][0], given=True)
    consent_set(user=personas.alice, given=True)  # bob did not
    rows = selectors.research_rows()
    assert len(rows) == 4
    assert {r["dyad"] for r in rows} == {rows[0]["dyad"], rows[2]["dyad"]}
    consent_set(user=pairs[0][1], given=False)
    assert len(selectors.research_rows()) == 2


def test_export_rows_are_pairwise_and_carry_nothing_identifying(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = couples(2)
    consent_all(pairs)
    out = tmp_path / "research.csv"
    assert main(["export", "--research", str(out)]) == 0
    assert "wrote 4 rows (2 couples)" in capsys.readouterr().out
    text = out.read_text()
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    names = [*SCALES, "version", "language"]
    assert list(rows[0]) == [
        "dyad",
        "person",
        *(f"{s}_A" for s in names),
        *(f"{s}_P" for s in names),
    ]
    for first, second in (rows[0:2], rows[2:4]):
        assert first["dyad"] == second["dyad"]
        assert {first["person"], second["person"]} == {"1", "2"}
        assert first["version_A"] == "2.0.0"
        assert first["language_A"] == "en"
        for s in names:
            assert first[f"{s}_A"] == second[f"{s}_P"] and first[f"{s}_P"] == second[f"{s}_A"]
    for person in (p for pair in pairs for p in pair):
        assert person.email not in text and person.display_name not in text
    assert "example.test" not in text and "2026" not in text and "Person" not in text
    assert str(pairs[0][0].pk) not in {r["dyad"] for r in rows}


def test_export_refuses_to_overwrite_and_names_a_missing_folder(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "taken.csv"
    out.write_text("keep me")
    assert main(["export", "--research", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text() == "keep me"
    assert main(["export", "--research", str(tmp_path / "nope" / "x.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["export", "--research", str(out), "--force"]) == 0
    assert "wrote 0 rows" in capsys.readouterr().out
    folder = tmp_path / "a folder.csv"
    folder.mkdir()
    assert main(["export", "--answers", str(folder), "--force"]) == 2
    err = capsys.readouterr().err
    assert "cannot use" in err and "Is a directory" in err and "Traceback" not in err


def test_apim_runs_on_the_export(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    consent_all(couples(24))
    out = tmp_path / "research.csv"
    assert main(["export", "--research", str(out)]) == 0
    assert "wrote 48 rows (24 couples)" in capsys.readouterr().out
    args = ["apim", str(out), "--dyad", "dyad", "--outcome", "bond_A", "--actor", "self_A"]
    assert main([*args, "--json"]) == 0
    fitted = json.loads(capsys.readouterr().out)
    assert {"actor", "partner", "intercept"} <= set(fitted["fixed"])
    assert main(args) == 0
    assert "24 dyads, 48 people" in capsys.readouterr().out


def test_reliability_page_is_for_staff_and_reads_consenting_people_only(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = reverse("research:psychometrics")
    assert as_user(personas.alice).get(url).status_code == 404
    staff = as_user(personas.staff)
    body = staff.get(url).content.decode()
    assert "too little data" in body and "0 people" in body
    pairs = couples(6)
    consent_all(pairs[:5])  # the sixth couple's answers must not be read
    monkeypatch.setattr(selectors, "MIN_RESPONDENTS", 10)
    body = staff.get(url).content.decode()
    assert "10 people" in body and "Cronbach" in body and "omega" in body
    assert "Item–rest r" in body and "reverse-keyed" in body
    assert "Norms: where a score falls" in body and "Provisional: based on 10 people" in body
    norms = selectors.reliability_page().norms
    assert norms is not None and all(n.n == 10 and n.provisional for n in norms.scales)


def test_the_reliability_page_names_a_statement_nobody_answered(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement no consenting person answered stopped its whole scale ("item sl01 was
    answered by 0 respondents"); it is left out and named, as psych leaves it out."""
    from interdepend.web.assessment import selectors as assessment
    from interdepend.web.assessment.models import Attempt

    consent_all(couples(5))
    first = assessment.inventory().items_of("self")[0].id
    for attempt in Attempt.objects.all():
        attempt.answers.pop(first, None)
        attempt.save(update_fields=["answers"])
    monkeypatch.setattr(selectors, "MIN_RESPONDENTS", 10)
    body = as_user(personas.staff).get(reverse("research:psychometrics")).content.decode()
    assert "Left out, as fewer than two people answered them:" in body
    assert f"<code>{first}</code>" in body and "cannot be analysed" not in body


def test_the_answers_export_feeds_validate_with_roles_and_no_screen(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interdepend.web.assessment import selectors as assessment

    pairs = couples(3)
    consent_all(pairs[:2])  # the third couple did not consent
    out = tmp_path / "answers.csv"
    assert main(["export", "--answers", str(out)]) == 0
    assert "wrote 4 rows (2 couples)" in capsys.readouterr().out
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    items = list(assessment.inventory().item_ids)
    assert list(rows[0]) == ["dyad", "respondent", "role", "language", *items]
    assert sorted(r["role"] for r in rows) == ["partner_1", "partner_1", "partner_2", "partner_2"]
    assert not any(key.startswith("sf") for key in rows[0])  # the screen's answers never leave
    text = out.read_text()
    for person in (p for pair in pairs for p in pair):
        assert person.email not in text and person.display_name not in text
    # Two couples are far too few for factor analysis: validate says so and writes nothing.
    assert main(["validate", str(out)]) == 2
    assert "answered every item; a model of 66 items needs more than 66" in capsys.readouterr().err


def test_export_needs_one_of_the_two_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export"])
    assert "--research" in capsys.readouterr().err


def test_a_couple_with_a_flagged_screen_is_left_out_of_both_files(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A partner who knows his own scores can find his couple's rows; nothing in them may tell
    him that the other's safety screen flagged. Such a couple is left out of both files, and
    no column anywhere carries a screen's outcome."""
    from interdepend.web.assessment.models import Attempt

    pairs = couples(3)
    consent_all(pairs)
    flagged = pairs[0][1]
    take = Attempt.objects.filter(user=flagged, completed_at__isnull=False).latest("completed_at")
    Attempt.objects.filter(pk=take.pk).update(screen_flagged=True)
    for option in ("--research", "--answers"):
        out = tmp_path / f"{option[2:]}.csv"
        assert main(["export", option, str(out)]) == 0
        assert "wrote 4 rows (2 couples)" in capsys.readouterr().out
        header = out.read_text().splitlines()[0]
        assert "screen" not in header and "flagged" not in out.read_text()


def test_the_consent_page_says_what_the_export_really_holds(personas: Personas) -> None:
    """The export names the language of the statements and carries nothing of the safety
    check, leaving a couple with a worried check out (the data-rights audit of 2026-12-03, L2:
    the page promised a column that says whether the check suggested a worry)."""
    page = as_user(personas.carol).get(reverse("research:consent")).content.decode()
    assert "keep those answers apart" not in page
    assert "the language you read them in" in page
    assert "neither of you is included at all" in page
    columns = selectors.EXTRA_COLUMNS
    assert "language" in columns and not any("screen" in c or "flag" in c for c in columns)


def test_a_yes_from_a_person_alone_is_told_what_it_does(personas: Personas) -> None:
    """The files hold couples only: a person alone who says yes (sam, or someone whose partner
    has not) is in no file, and counts only in the staff's reliability figures. The page said
    "If you have a partner, your scores are shared next to theirs", which told her that alone
    her scores went out by themselves (the research walk of 2026-12-04)."""
    from interdepend.web.assessment.demo import complete_attempt, profile_answers
    from interdepend.web.assessment.selectors import inventory

    alone = personas.carol
    complete_attempt(
        alone,
        profile_answers(inventory(), {"self": 5, "bond": 3, "enmeshment": 2, "distance": 4}),
        days_ago=0,
        seed=5,
    )
    consent_set(user=alone, given=True)
    assert selectors.research_rows() == [] and selectors.answer_rows() == []
    assert selectors.reliability_page().respondents == 1
    page = " ".join(as_user(alone).get(reverse("research:consent")).content.decode().split())
    assert "If you have a partner" not in page
    assert "The research files hold couples only" in page
    assert "count only in overall figures" in page
    es = as_user(alone)
    User.objects.filter(pk=alone.pk).update(language="es")
    spanish = " ".join(es.get(reverse("research:consent")).content.decode().split())
    assert "solo recogen parejas" in spanish


def test_a_take_from_before_the_couple_formed_is_not_paired_with_the_new_partner(
    personas: Personas,
) -> None:
    """The statistics audit of 2026-12-03 (M1): X answered while with A, left, linked with B and
    never answered again; both consented, and the export paired X's answers about A with B's.
    The couple is now left out of both files until X answers again as B's partner."""
    from interdepend.web.accounts.services import user_create
    from interdepend.web.assessment import selectors as assessment
    from interdepend.web.assessment.demo import complete_attempt, profile_answers
    from interdepend.web.partners import services as partners

    inventory = assessment.inventory()
    x, a, b = (
        user_create(email=f"{n}@example.test", password="a long enough passphrase", display_name=n)
        for n in ("Xan", "Ari", "Bel")
    )
    first = partners.invitation_create(inviter=x)
    partners.invitation_accept(invitation=first.invitation, user=a)
    levels = {"self": 6, "bond": 6, "enmeshment": 1, "distance": 1}
    complete_attempt(x, profile_answers(inventory, levels), days_ago=0, seed=1)
    partners.partnership_leave(user=x)
    second = partners.invitation_create(inviter=x)
    partners.invitation_accept(invitation=second.invitation, user=b)
    complete_attempt(b, profile_answers(inventory, levels), days_ago=0, seed=2)
    consent_all([(x, b)])
    assert selectors.research_rows() == []
    assert selectors.answer_rows() == []

    complete_attempt(x, profile_answers(inventory, levels), days_ago=0, seed=3)
    assert len(selectors.research_rows()) == 2
    assert len(selectors.answer_rows()) == 2


def test_the_export_says_how_many_consenting_couples_it_left_out(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The docs audit of 2026-12-04 (M5): with consenting couples left out, the export said "no
    couple has both partners consenting", which was not the reason. It counts them now, without
    saying which reason is whose."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.assessment.models import Attempt

    pairs = couples(2)
    consent_all(pairs)
    out = tmp_path / "r.csv"
    assert main(["export", "--research", str(out)]) == 0
    said = capsys.readouterr().out
    assert "wrote 4 rows (2 couples)" in said and "left out" not in said

    # Her answers dated before they linked: about another time, so the couple is left out.
    long_ago = timezone.now() - timedelta(days=400)
    Attempt.objects.filter(user=pairs[0][0]).update(completed_at=long_ago)
    assert main(["export", "--research", str(out), "--force"]) == 0
    said = capsys.readouterr().out
    assert "wrote 2 rows (1 couple)" in said
    assert "left out: 1 couple where both consented" in said
    assert "no couple" not in said


def test_the_demo_couple_linked_before_they_answered_so_they_can_be_exported(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The docs audit of 2026-12-04 (M5): the demo dated the couple's inventories before their
    link, so the worked example in docs/research.md could not include them."""
    from interdepend.web.demo import PEOPLE, demo_load

    demo_load()
    maya, jonah = (User.objects.get(email=account.email) for account in PEOPLE[:2])
    consent_all([(maya, jonah)])
    out = tmp_path / "demo.csv"
    assert main(["export", "--research", str(out)]) == 0
    assert "wrote 2 rows (1 couple)" in capsys.readouterr().out
