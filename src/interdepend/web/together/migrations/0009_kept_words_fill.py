"""Keep each person's own words from the partnerships that ended before 0008, as
``together.kept`` does at every end from now on: while both people are still here, the words
are still in the shared space; once one has erased her account, they have gone with her, and
the shared goals that stayed with the other are in his download as they are."""

from django.db import migrations


def _fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Partnership = apps.get_model("partners", "Partnership")
    Membership = apps.get_model("partners", "Membership")
    Goal = apps.get_model("together", "Goal")
    GoalNote = apps.get_model("together", "GoalNote")
    Bid = apps.get_model("together", "Bid")
    BoundaryEvent = apps.get_model("together", "BoundaryEvent")
    KeptWords = apps.get_model("together", "KeptWords")
    answers = dict(Bid._meta.get_field("answer").choices)
    kept = []
    for partnership in Partnership.objects.filter(ended_at__isnull=False).order_by("pk"):
        members = list(
            Membership.objects.filter(partnership=partnership).values_list("user_id", flat=True)
        )
        both = len(members) == 2

        def row(user_id, kind, text, detail, at, p=partnership):  # type: ignore[no-untyped-def]
            return KeptWords(
                owner_id=user_id,
                partnership_id=p.pk,
                kind=kind,
                text=text,
                detail=detail,
                written_at=at,
                ended_at=p.ended_at,
            )

        for user_id in members:
            bids = Bid.objects.filter(partnership=partnership).exclude(owner_id=user_id)
            for bid in bids.exclude(answer="").order_by("pk"):
                label = answers.get(bid.answer, bid.answer)
                kept.append(row(user_id, "bid_answer", label, bid.answer_when, bid.answered_at))
            steps = BoundaryEvent.objects.filter(
                boundary__partnership=partnership, actor_id=user_id, kind="proposed"
            ).exclude(boundary__owner_id=user_id)
            for step in steps.order_by("pk"):
                kept.append(row(user_id, "wording", step.text, "", step.at))
            if not both:
                continue
            goals = Goal.objects.filter(partnership=partnership, owner_id=user_id, version=1)
            for goal in goals.order_by("pk"):
                kept.append(row(user_id, "shared_goal", goal.title, goal.detail, goal.created_at))
            notes = GoalNote.objects.filter(goal__partnership=partnership, owner_id=user_id)
            for note in notes.select_related("goal").order_by("pk"):
                alone = note.goal.owner_id == user_id and note.goal.version == 1
                title = note.goal.title if alone else ""
                kept.append(row(user_id, "goal_note", note.text, title, note.created_at))
    KeptWords.objects.bulk_create(kept)


class Migration(migrations.Migration):
    dependencies = [("together", "0008_kept_words")]

    operations = [migrations.RunPython(_fill, migrations.RunPython.noop)]
