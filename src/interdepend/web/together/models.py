"""The together space: goals, commitments, bids, boundaries, check-ins and the support circle.

Every row names its ``owner`` (the person who made it). Rows that belong to a couple also name
the ``partnership`` they were made in; they are visible to the two only while that partnership
is the active one (see :mod:`interdepend.web.together.access`). Rows created from a form carry
an ``idem_key`` so the same form posted twice makes one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interdepend.core.boundary import Role, Stage, Standing
from interdepend.web.frame.publicid import public_id_field
from interdepend.web.partners.models import Partnership


class Owned(models.Model):
    public_id = public_id_field()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    idem_key = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        abstract = True
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["owner", "idem_key"],
                condition=~Q(idem_key=""),
                name="%(class)s_once_per_key",
            )
        ]


class Goal(Owned):
    """A personal goal or interest (no partnership) or a shared goal (a partnership)."""

    title = models.CharField(max_length=140)
    detail = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)
    #: Bumped on every edit; an edit based on an older version is refused as a conflict.
    version = models.PositiveIntegerField(default=1)
    done = models.BooleanField(default=False)
    #: Who saved the last edit, shown on a shared goal with its day so that neither partner
    #: can change the other's words unseen (the partner audit of 2026-12-03). None before any
    #: edit, and once that person's account is gone.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: Whether the partner's words may be in the title or details: set when someone other than
    #: the owner saves different words, never unset. At the end of the partnership a goal
    #: without them is the owner's words alone, kept for her (``together.kept``). Counting
    #: every save (``version`` 1) let a save that changed nothing, or a tick of "reached",
    #: take her words from her download (the partner audit of 2026-12-04, M2).
    partner_wrote = models.BooleanField(default=False)

    class Meta(Owned.Meta):
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["owner", "partnership"])]

    def __str__(self) -> str:
        return f"goal {self.pk}"

    @property
    def is_shared(self) -> bool:
        return self.partnership_id is not None


class GoalNote(Owned):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()

    class Meta(Owned.Meta):
        # Trends' goal notes of the last half-year (``together.selectors``): her notes on her
        # own goals and the couple's on shared ones, each read from when it was noted on, where
        # every note she or the couple ever made was read and the older ones left out.
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["owner", "partnership", "created_at"], name="goalnote_own_noted"),
            models.Index(fields=["partnership", "created_at"], name="goalnote_shared_noted"),
        ]

    def __str__(self) -> str:
        return f"note {self.pk} on goal {self.goal_id}"


class CommitmentState(models.TextChoices):
    OPEN = "open", "open"
    KEPT = "kept", "kept"
    RENEGOTIATED = "renegotiated", "renegotiated"
    MISSED = "missed", "missed"


class Commitment(Owned):
    """A small promise with a due date; only the one who made it marks how it went."""

    text = models.CharField(max_length=200)
    due_on = models.DateField()
    state = models.CharField(
        max_length=14, choices=CommitmentState.choices, default=CommitmentState.OPEN
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta(Owned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["partnership", "due_on"]),
            # The menu's count of her own promises whose day came, on every page
            # (``home.selectors``): read from the index alone, however many she ever made.
            models.Index(
                fields=["owner", "state", "due_on", "partnership"], name="together_promise_waiting"
            ),
        ]

    def __str__(self) -> str:
        return f"commitment {self.pk} ({self.state})"


class BidAnswer(models.TextChoices):
    """An answer to a bid. Its words are in the download's ``answer_words``, in her language
    (they were English in a Spanish download until stop 59)."""

    YES_NOW = "yes_now", _("yes, now")
    LATER = "later", _("later")
    NOT_NOW = "not_now", _("not now")


class Bid(Owned):
    """A short bid for connection from ``owner`` to their partner. No read receipts."""

    text = models.CharField(max_length=200)
    answer = models.CharField(max_length=10, choices=BidAnswer.choices, blank=True, default="")
    answer_when = models.CharField(max_length=80, blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta(Owned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            # The menu's count of the partner's bids still unanswered, on every page
            # (``home.selectors``): read from the index alone, however many were ever sent.
            models.Index(fields=["partnership", "owner", "answer"], name="together_bid_waiting"),
            # The bids page's lists and months, newest first, and a month's counts: read in
            # the order of this index, where the couple's every bid was sorted on each view.
            # The id and the answer are in it so that the months and a month's counts are read
            # from the index alone (issue 15's twenty-sixth pass).
            models.Index(
                fields=["partnership", "created_at", "id", "answer"], name="together_bid_sent"
            ),
            # The couple's bids still waiting (the lists' first part), the only ones in it: read
            # without going through every bid the couple ever sent.
            models.Index(
                fields=["partnership", "created_at"],
                condition=Q(answer=""),
                name="together_bid_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return f"bid {self.pk}"


class BoundaryState(models.TextChoices):
    DRAFT = "draft", "draft"
    STATED = "stated", "stated"
    ACKNOWLEDGED = "acknowledged", "acknowledged"


class Boundary(Owned):
    """A boundary: a private draft until stated; the partner acknowledges; history is kept."""

    text = models.TextField()
    state = models.CharField(
        max_length=14, choices=BoundaryState.choices, default=BoundaryState.DRAFT
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"boundary {self.pk} ({self.state})"

    def role_of(self, user_id: int) -> Role:
        """The part a person takes in this boundary's steps: its author, or the partner."""
        return Role.AUTHOR if user_id == self.owner_id else Role.PARTNER

    def standing(self, waiting: BoundaryEvent | None) -> Standing:
        """Where it stands for :mod:`interdepend.core.boundary`, given its waiting wording."""
        by = None if waiting is None else self.role_of(waiting.actor_id)
        return Standing(Stage(self.state), by)

    def steps_open_in(self, partnership_id: int | None) -> bool:
        """Whether its steps are seen and taken in that partnership (a person's current one): a
        draft is told in whichever partnership its author has; a told boundary stays in the
        one it was told in."""
        return partnership_id is not None and self.partnership_id in (None, partnership_id)


class BoundaryEventKind(models.TextChoices):
    STATED = "stated", "stated"
    ACKNOWLEDGED = "acknowledged", "acknowledged"
    PROPOSED = "proposed", "proposed"
    ACCEPTED = "accepted", "accepted"
    DECLINED = "declined", "declined"


class BoundaryEvent(models.Model):
    """One step in a stated boundary's history; a proposal carries the proposed wording."""

    boundary = models.ForeignKey(Boundary, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14, choices=BoundaryEventKind.choices)
    text = models.TextField(blank=True, default="")
    at = models.DateTimeField(default=timezone.now)
    #: For a proposal: whether it is still waiting for the other person.
    open = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.kind} on boundary {self.boundary_id}"


ITEMS = ("own_time", "supported", "voice", "heard", "word_kept", "close")


def overall_of(values: Iterable[int | None]) -> float | None:
    """The mean of a check-in's answered items; None when none was answered."""
    answered = [v for v in values if v is not None]
    return sum(answered) / len(answered) if answered else None


class CheckIn(models.Model):
    """One person's weekly check-in. Private unless shared; shared ones name the partnership."""

    public_id = public_id_field()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(help_text="The Monday of the week")
    own_time = models.PositiveSmallIntegerField(null=True, blank=True)
    supported = models.PositiveSmallIntegerField(null=True, blank=True)
    voice = models.PositiveSmallIntegerField(null=True, blank=True)
    heard = models.PositiveSmallIntegerField(null=True, blank=True)
    word_kept = models.PositiveSmallIntegerField(null=True, blank=True)
    close = models.PositiveSmallIntegerField(null=True, blank=True)
    need = models.TextField(blank=True, default="")
    shared = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["owner", "week"], name="one_checkin_a_week")
        ]

    def __str__(self) -> str:
        return f"check-in {self.pk} for {self.week}"

    def values(self) -> dict[str, int | None]:
        return {item: getattr(self, item) for item in ITEMS}

    def overall(self) -> float | None:
        return overall_of(self.values().values())


class CirclePerson(Owned):
    """Someone outside the relationship a person leans on. Private to the owner, always."""

    name = models.CharField(max_length=80)
    last_connected = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"circle person {self.pk}"


class Reminder(models.Model):
    """A person's own choice about a weekly check-in reminder. Off unless they turn it on.

    The e-mail it sends carries no content: no partner name, no answers, no activity.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    weekly_checkin = models.BooleanField(default=False)
    last_sent_week = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reminder of {self.owner_id}"


class KeptWordsKind(models.TextChoices):
    """What a kept row is, in the download's ``what`` column, in her language."""

    SHARED_GOAL = "shared_goal", _("a shared goal you made")
    GOAL_NOTE = "goal_note", _("a step you noted on a shared goal")
    BID_ANSWER = "bid_answer", _("your answer when your partner reached out")
    WORDING = "wording", _("words you suggested for your partner's boundary")
    #: A step she took on his boundary that holds no words of hers (acknowledged, agreed to
    #: his new wording, kept the words as they were): the step, never his words.
    STEP = "step", _("a step you took on your partner's boundary")
    #: Copied by the decide app (``decide.kept``): her ratings of a decision he named.
    RATING = "rating", _("your ratings of a decision your partner named")


class KeptWords(models.Model):
    """A person's own words from a partnership that has ended, copied for her download at the
    end (:mod:`interdepend.web.together.kept`): the shared space's rows leave her download
    then, as they leave her pages, and go with her former partner's erasure; this copy is hers
    alone, so his erasure changes nothing in it, and it goes with her account."""

    public_id = public_id_field()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=KeptWordsKind.choices)
    #: Her words: the goal's title, the note, her answer ("later"), the wording she suggested;
    #: for a step, which it was ("acknowledged"); for a rating, hers for herself, option by
    #: option ("6, 2").
    text = models.TextField(blank=True, default="")
    #: More of her words: the goal's details, her "when" words, or the title of her own goal
    #: that a note is on (left empty when the title may be the other person's); for a rating,
    #: hers for him, option by option.
    detail = models.TextField(blank=True, default="")
    written_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"kept {self.kind} {self.pk}"
