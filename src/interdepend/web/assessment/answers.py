"""Reading and checking answers to the statements of an instrument, from any form."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.http import QueryDict
from django.utils.translation import gettext as _

from interdepend.core.instrument import Instrument


class AnswerRejected(Exception):
    """An answer that cannot be saved; the message is safe to show. Nothing was saved."""


#: The value of a statement's "Skip" choice.
SKIP = "skip"


def posted_answers(data: QueryDict, item_ids: Collection[str]) -> dict[str, int | None]:
    """``item-<id>`` fields of a form: a number, or None when left blank or skipped."""
    answers: dict[str, int | None] = {}
    for item_id in item_ids:
        raw = data.get(f"item-{item_id}", "").strip()
        if raw == SKIP:
            raw = ""
        # ASCII digits only: "²" or "３" pass isdigit() but are no answer of ours.
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) < 3):
            raise AnswerRejected(_("One of the answers was not one of the choices."))
        answers[item_id] = int(raw) if raw else None
    return answers


def posted_skips(data: QueryDict, item_ids: Collection[str]) -> list[str]:
    """The statements of ``item_ids`` whose "Skip" was chosen, in their order."""
    return [item_id for item_id in item_ids if data.get(f"item-{item_id}", "").strip() == SKIP]


def checked_answers(
    instrument: Instrument, allowed: Collection[str], answers: Mapping[str, int | None]
) -> dict[str, int | None]:
    """The answers, if every one belongs here and lies on the instrument's scale."""
    scale = instrument.response_scale
    for item_id, value in answers.items():
        if item_id not in allowed:
            raise AnswerRejected(_("The statement %(id)r is not on this page.") % {"id": item_id})
        if value is not None and not scale.min <= value <= scale.max:
            raise AnswerRejected(
                _("Answers go from %(low)d to %(high)d.") % {"low": scale.min, "high": scale.max}
            )
    return dict(answers)
