"""``Goal.partner_wrote``: whether the partner's words may be in a goal (the partner audit of
2026-12-04, M2). Before it, every save counted as a change; a goal saved since it was made may
hold the partner's words, so it is marked as such, as the kept words read it until now."""

from django.db import migrations, models


def _mark_edited(apps, schema_editor):  # type: ignore[no-untyped-def]
    Goal = apps.get_model("together", "Goal")
    Goal.objects.filter(version__gt=1).update(partner_wrote=True)


class Migration(migrations.Migration):
    dependencies = [
        ("together", "0009_kept_words_fill"),
    ]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="partner_wrote",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(_mark_edited, migrations.RunPython.noop),
    ]
