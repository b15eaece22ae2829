"""``KeptWords`` keeps a person's steps on the partner's boundaries and her ratings of the
decisions the partner named too (together.kept, decide.kept), so they stay in her download after
the end (the download audit of 2026-12-05). They are filled for the partnerships that ended
before it, as together.kept and decide.kept do at every end from now on, from what is still
stored (a member who has erased her account took the other's steps on her boundaries and
ratings of her decisions with her)."""

from django.db import migrations, models


def _numbers(values):  # type: ignore[no-untyped-def]
    return ", ".join(str(value) for value in values) if isinstance(values, list) else ""


def _fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Partnership = apps.get_model("partners", "Partnership")
    Membership = apps.get_model("partners", "Membership")
    BoundaryEvent = apps.get_model("together", "BoundaryEvent")
    Rating = apps.get_model("decide", "Rating")
    KeptWords = apps.get_model("together", "KeptWords")
    kept = []
    for partnership in Partnership.objects.filter(ended_at__isnull=False).order_by("pk"):
        members = Membership.objects.filter(partnership=partnership).values_list(
            "user_id", flat=True
        )
        for user_id in members:
            mine = {"owner_id": user_id, "partnership_id": partnership.pk}
            steps = (
                BoundaryEvent.objects.filter(boundary__partnership=partnership, actor_id=user_id)
                .exclude(boundary__owner_id=user_id)
                .exclude(kind="proposed")
            )
            for step in steps.order_by("pk"):
                kept.append(
                    KeptWords(
                        **mine,
                        kind="step",
                        text=step.kind,
                        written_at=step.at,
                        ended_at=partnership.ended_at,
                    )
                )
            ratings = Rating.objects.filter(
                decision__partnership=partnership, user_id=user_id
            ).exclude(decision__author_id=user_id)
            for rating in ratings.order_by("pk"):
                kept.append(
                    KeptWords(
                        **mine,
                        kind="rating",
                        text=_numbers(rating.for_self),
                        detail=_numbers(rating.for_partner),
                        written_at=rating.rated_at,
                        ended_at=partnership.ended_at,
                    )
                )
    KeptWords.objects.bulk_create(kept)


class Migration(migrations.Migration):
    dependencies = [
        ("together", "0010_goal_partner_wrote"),
        ("decide", "0005_decision_author"),
    ]

    operations = [
        migrations.AlterField(
            model_name="keptwords",
            name="kind",
            field=models.CharField(
                choices=[
                    ("shared_goal", "a shared goal you made"),
                    ("goal_note", "a step you noted on a shared goal"),
                    ("bid_answer", "your answer when your partner reached out"),
                    ("wording", "words you suggested for your partner's boundary"),
                    ("step", "a step you took on your partner's boundary"),
                    ("rating", "your ratings of a decision your partner named"),
                ],
                max_length=12,
            ),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
