"""Named exceptions of the domain core.

Every error the core raises on purpose is an :class:`InterdependError`, so callers (the CLI, the
web layer) can catch one base class and show the message, which is written for people.
"""

from __future__ import annotations


class InterdependError(Exception):
    """Base class of every error the core raises on purpose."""


class InstrumentError(InterdependError):
    """An instrument file is missing, unreadable or breaks a rule of the format.

    The message names the file, the item (or scale, or rule) and what is wrong.
    """


class UnknownInstrument(InstrumentError):
    """No built-in instrument has the requested id."""


class ContentError(InterdependError):
    """A prompts or practices file breaks a rule of its format."""


class AnswerError(InterdependError):
    """Answers do not fit the instrument: an unknown item id or a value outside the scale."""


class CsvFormatError(InterdependError):
    """A CSV of responses cannot be read at all (bad header, not a CSV)."""


class NotEnoughAnswers(InterdependError):
    """Too few answers to compute what was asked."""


class IncomparableResults(InterdependError):
    """Two results come from different instruments and cannot be compared."""
