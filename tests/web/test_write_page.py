"""The page to write an entry, drawn in Python (issue 15's sixteenth pass), against the content
block the template drew (``tests/web/reference/journal_write.html``), byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from interdepend.core.content import Prompt, load_prompts
from interdepend.web.frame import keptforms
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.journal.forms import EntryEditForm, EntryForm
from interdepend.web.journal.templatetags import writepage
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "journal_write.html").read_text()
ODD = "<script>alert('x')</script> & \"quoted\" 'single' שלום عليكم \u202e <b>bold</b>"


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland"), ("en", "Pacific/Pago_Pago")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        writepage._warm()  # as a worker does as it starts, in each language
        yield language


def _offered(count: int, language: str) -> list[Prompt]:
    """``count`` questions: from the library, then made up ones full of markup and long."""
    library = list(load_prompts(language=language))
    made_up = [
        Prompt(id=f"odd-{n}", text=f"{ODD} {'long ' * 40 * n}", scales=())
        for n in range(max(0, count - len(library)))
    ]
    return (library + made_up)[:count]


def _both(values: dict[str, object]) -> tuple[str, str]:
    engine = engines["django"]
    reference = str(engine.from_string(REFERENCE).render(values))
    drawn = str(engine.from_string("{% load writepage %}{% write_body %}").render(values))
    return reference, drawn


@pytest.mark.parametrize("count", [0, 1, 3, 12])
@pytest.mark.parametrize("chosen", ["", "first", "odd-0", "unknown"])
@pytest.mark.parametrize("idem", ["a1b2c3", ODD])
@pytest.mark.parametrize("token", ["t0ken&<x>", None])
def test_the_write_page_is_the_template_it_replaced(
    where: str, count: int, chosen: str, idem: str, token: str | None
) -> None:
    """A fresh form, from the kept pieces: no question offered, one, three and a long list of
    hostile ones, none picked, one picked, a picked one off the list, a key full of markup,
    with and without a CSRF token."""
    offered = _offered(count, where)
    picked = offered[0].id if chosen == "first" and offered else chosen
    form = EntryForm(offered=offered, initial={"prompt": picked, "idem": idem})
    assert writepage._fresh(form)
    reference, drawn = _both({"form": form, "csrf_token": token})
    assert drawn == reference
    assert "<script>" not in drawn
    assert drawn.count('type="radio"') == count + 1
    assert ("checked" in drawn) is (picked in {"", *(p.id for p in offered)})


@pytest.mark.parametrize(
    "sent",
    [
        {"body": "", "prompt": "", "idem": "k"},
        {"body": ODD, "prompt": "not-a-question", "idem": ODD},
        {"body": "x" * 20_001, "prompt": "", "idem": "k"},
    ],
)
def test_a_form_sent_back_is_drawn_field_by_field_as_before(
    where: str, sent: dict[str, str]
) -> None:
    """A form sent back with something to fix (400) is not fresh: drawn field by field, with
    its errors, and the page is still the old template's."""
    form = EntryForm(sent, offered=_offered(3, where))
    assert not form.is_valid()
    assert not writepage._fresh(form)
    reference, drawn = _both({"form": form, "csrf_token": "tok"})
    assert drawn == reference
    assert 'role="alert"' in drawn
    assert "<script>" not in drawn


@pytest.mark.parametrize("typed", ["", "Some words", ODD, "\u202e" + "long " * 500])
def test_words_of_a_gone_entry_are_drawn_as_before(where: str, typed: str) -> None:
    """Her words carried over from an entry that is gone (404): the page's other sentence, and
    her words in the box, drawn field by field and escaped."""
    form = EntryForm(offered=_offered(3, where), initial={"body": typed})
    assert writepage._fresh(form) is False
    reference, drawn = _both({"form": form, "csrf_token": "tok", "gone": True})
    assert drawn == reference
    assert 'class="notice"' in drawn
    assert "<script>" not in drawn


def test_the_kept_pieces_are_made_as_a_worker_starts_and_only_then(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing is kept before the warm-up; after it, each language has its text and fields,
    and a view draws neither through the engine nor field by field."""
    from django.conf import settings

    from interdepend.web.frame.templatetags import formfields

    writepage._fixed.cache_clear()
    writepage._fields.cache_clear()
    writepage._edit_fields.cache_clear()
    languages = [code for code, _ in settings.LANGUAGES]
    for language in languages:
        with translation.override(language):
            writepage._warm()
    assert writepage._fixed.cache_info().currsize == 2 * len(languages)
    assert writepage._fields.cache_info().currsize == len(languages)
    assert writepage._edit_fields.cache_info().currsize == len(languages)
    assert all(writepage._fields(language) is not None for language in languages)
    assert all(writepage._edit_fields(language) is not None for language in languages)
    drawn_by_field: list[object] = []
    real = formfields.draw

    def counting(form: object) -> str:
        drawn_by_field.append(form)
        return real(form)  # type: ignore[arg-type]  # passed on as given

    monkeypatch.setattr(writepage, "draw", counting)
    for language in languages:
        with translation.override(language):
            form = EntryForm(offered=_offered(3, language), initial={"prompt": ""})
            _both({"form": form, "csrf_token": "tok"})
            opened = EntryEditForm(initial={"body": ODD, "seen": "m"})
            _edit_both({"form": opened, "entry_id": "x" * 22, "csrf_token": "tok"})
    monkeypatch.undo()
    made = [part.cache_info().currsize for part in writepage.KEPT]  # type: ignore[attr-defined]
    assert made == [2 * len(languages), len(languages), len(languages)]
    assert drawn_by_field == []


def test_the_write_page_through_the_test_client(personas: Personas) -> None:
    """Her page as served: the kept pieces with her own key and questions, each key new."""
    from django.urls import reverse

    from tests.helpers import as_user

    client = as_user(personas.alice)
    first = client.get(reverse("journal:write")).content.decode()
    again = client.get(reverse("journal:write")).content.decode()
    assert first.count('name="idem"') == again.count('name="idem"') == 1
    key = first.split('name="idem" value="')[1].split('"')[0]
    assert key and key not in again
    assert 'type="radio"' in first and 'name="body"' in first


EDIT_REFERENCE = (Path(__file__).parent / "reference" / "journal_edit.html").read_text()
#: The edit page's content block as it is now, from its template.
EDIT_NOW = (
    "{% load journal_items writepage %}"
    + (Path(writepage.__file__).parent.parent / "templates" / "journal" / "edit.html")
    .read_text()
    .split("{% block content %}", 1)[1]
    .rsplit("{% endblock %}", 1)[0]
)
BODIES = ["", "A calm day.", ODD, "\nleading line\n\nand a paragraph", "\u202e" + "long " * 4000]


def _edit_both(values: dict[str, object]) -> tuple[str, str]:
    engine = engines["django"]
    return (
        str(engine.from_string(EDIT_REFERENCE).render(values)),
        str(engine.from_string(EDIT_NOW).render(values)),
    )


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("prompt", [None, "What helped today?", ODD])
@pytest.mark.parametrize("token", ["t0ken&<x>", None])
def test_the_edit_page_as_it_opens_is_the_template_it_replaced(
    where: str, body: str, prompt: str | None, token: str | None
) -> None:
    """The edit form as it opens, from the kept pieces with her text and its mark: every kind
    of text (empty, markup, a leading line the box must keep, right-to-left and long), with and
    without a question and a CSRF token, against the old template byte for byte."""
    from interdepend.web.journal.services import text_mark

    form = EntryEditForm(initial={"body": body, "seen": text_mark(body)})
    assert writepage._opened(form)
    values = {
        "form": form,
        "entry_id": "AbC-_" * 4 + "xy",
        "prompt": prompt,
        "saved_elsewhere": None,
        "csrf_token": token,
    }
    reference, drawn = _edit_both(values)
    assert drawn == reference
    assert "<script>" not in drawn
    assert drawn.count(text_mark(body)) == 1


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("saved", [None, "", ODD])
def test_an_edit_form_sent_back_or_in_conflict_is_drawn_as_before(
    where: str, body: str, saved: str | None
) -> None:
    """A sent edit form (with something to fix, or in conflict with a text saved elsewhere,
    409) is drawn field by field, and the page is the old template's."""
    form = EntryEditForm({"body": body, "seen": "mark"})
    form.is_valid()
    assert not writepage._opened(form)
    values = {
        "form": form,
        "entry_id": "AbC-_" * 4 + "xy",
        "prompt": ODD,
        "saved_elsewhere": saved,
        "csrf_token": "tok",
    }
    reference, drawn = _edit_both(values)
    assert drawn == reference
    assert "<script>" not in drawn


@pytest.mark.parametrize(
    "initial", [{"body": "x", "seen": ""}, {"body": None, "seen": "m"}, {"body": "x"}]
)
def test_an_edit_form_of_another_shape_is_drawn_as_before(
    where: str, initial: dict[str, object]
) -> None:
    """An empty mark (drawn with no value at all), no text, or no mark: field by field."""
    form = EntryEditForm(initial=initial)
    assert not writepage._opened(form)
    reference, drawn = _edit_both({"form": form, "entry_id": "x" * 22, "csrf_token": "t"})
    assert drawn == reference


def test_a_fresh_form_with_an_empty_key_is_drawn_as_before(where: str) -> None:
    """An empty key is drawn with no value at all: such a form is not taken as fresh."""
    form = EntryForm(offered=_offered(2, where), initial={"idem": ""})
    assert not writepage._fresh(form)
    reference, drawn = _both({"form": form, "csrf_token": "t"})
    assert drawn == reference


@pytest.mark.parametrize("prefix", ["", "other"])
def test_a_form_with_a_prefix_takes_the_kept_path_only_when_it_draws_as_none(
    where: str, prefix: str
) -> None:
    """An empty prefix names the fields as none does (``keptforms.as_kept``): the kept pieces
    draw it; any other prefix is drawn field by field. Either way the page is the old one's."""
    offered = _offered(3, where)
    write = EntryForm(offered=offered, initial={"idem": ODD}, prefix=prefix)
    edit = EntryEditForm(initial={"body": ODD, "seen": "mark"}, prefix=prefix)
    assert writepage._fresh(write) is (prefix == "")
    assert writepage._opened(edit) is (prefix == "")
    reference, drawn = _both({"form": write, "csrf_token": "t"})
    assert drawn == reference
    reference, drawn = _edit_both({"form": edit, "entry_id": "x" * 22, "csrf_token": "t"})
    assert drawn == reference
    assert drawn.count(f'name="{prefix}-seen"' if prefix else 'name="seen"') == 1


def test_the_kept_fields_are_the_fresh_drawing_cut_at_its_stand_ins(where: str) -> None:
    """The kept pieces joined with the stand-ins again are the drawing they were cut from."""
    fresh = writepage._fields(where)
    opened = writepage._edit_fields(where)
    assert fresh is not None and opened is not None
    form = EntryForm(initial={"idem": writepage.STAND_IN})
    questions = shown(form["prompt"])
    assert "".join([fresh[0], writepage.STAND_IN, fresh[1], questions, fresh[2]]) == draw(form)
    edit = EntryEditForm(initial={"body": writepage.TEXT, "seen": writepage.SEEN})
    assert keptforms.join(opened, (writepage.SEEN, writepage.TEXT)) == draw(edit)
