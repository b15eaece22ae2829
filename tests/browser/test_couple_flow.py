"""In real Chromium: both partners finish, one shares (nothing shows), the other shares, both
open the couple view and download the PDF, whose pages render with content."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.partners import services as partners
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, confirm_step, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"


def ink_share(pdf: Path, tmp: Path) -> list[float]:
    """Per page, the share of pixels that are not white (pdftoppm to greyscale PGM)."""
    subprocess.run(["pdftoppm", "-gray", "-r", "40", str(pdf), str(tmp / "p")], check=True)
    shares = []
    for pgm in sorted(tmp.glob("p-*.pgm")):
        data = pgm.read_bytes()
        pixels = data[data.index(b"255\n") + 4 :]
        shares.append(sum(1 for b in pixels if b < 200) / len(pixels))
    return shares


def test_both_share_and_open_the_couple_view_and_report(
    make_context: ContextMaker, tmp_path: Path
) -> None:
    inventory = selectors.inventory()
    people = []
    for name, levels in (
        ("Rosa", {"self": 3, "bond": 6, "enmeshment": 6, "distance": 2}),
        ("Tom", {"self": 6, "bond": 3, "enmeshment": 2, "distance": 6}),
    ):
        person = user_create(
            email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name
        )
        complete_attempt(person, profile_answers(inventory, levels), days_ago=1, seed=len(name))
        people.append(person)
    invitation = partners.invitation_create(inviter=people[0])
    partners.invitation_accept(invitation=invitation.invitation, user=people[1])

    rosa, tom = make_context().new_page(), make_context("phone").new_page()
    log_in(rosa, "rosa@example.test", PASSWORD)
    log_in(tom, "tom@example.test", PASSWORD)
    rosa.goto("/us/couple/")
    rosa.get_by_role("button", name="Share my latest result").click()
    confirm_step(rosa)
    expect(rosa.get_by_text("You have shared your result")).to_be_visible()
    tom.goto("/us/couple/")
    expect(tom.get_by_role("heading", name="Things to talk about")).to_have_count(0)
    expect(tom.get_by_text("The couple view opens when")).to_be_visible()
    violations = axe_serious(tom)
    tom.get_by_role("button", name="Share my latest result").click()
    confirm_step(tom)
    expect(tom.get_by_role("heading", name="Things to talk about")).to_be_visible()
    rosa.reload()
    expect(rosa.get_by_role("heading", name="Reaching and stepping back")).to_be_visible()
    violations += axe_serious(rosa)

    with rosa.expect_download() as download:
        rosa.get_by_role("link", name="Download the couple report (PDF)").click()
    pdf = tmp_path / "couple.pdf"
    download.value.save_as(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Rosa" in text and "Tom" in text and "not a diagnosis" in text
    shares = ink_share(pdf, tmp_path)
    print(f"\ncouple PDF: {len(shares)} pages, ink share per page {[round(s, 3) for s in shares]}")
    assert len(shares) >= 3 and all(share > 0.002 for share in shares)
    assert not violations, "\n".join(violations)
