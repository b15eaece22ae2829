"""A practitioner number for every practitioner (one drawn for each who has none), and the
name a client's practitioner had when she connected."""

from django.db import migrations, models

import interdepend.web.practice.models


def number_everyone(apps, schema_editor):  # type: ignore[no-untyped-def]
    Practitioner = apps.get_model("practice", "Practitioner")
    taken: set[str] = set()
    for profile in Practitioner.objects.filter(number__isnull=True).order_by("pk"):
        number = interdepend.web.practice.models.practitioner_number()
        while number in taken:
            number = interdepend.web.practice.models.practitioner_number()
        taken.add(number)
        profile.number = number
        profile.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [("practice", "0008_access_log_reader_key")]

    operations = [
        migrations.AddField(
            model_name="practitioner",
            name="number",
            field=models.CharField(max_length=7, null=True),
        ),
        migrations.RunPython(number_everyone, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="practitioner",
            name="number",
            field=models.CharField(
                default=interdepend.web.practice.models.practitioner_number,
                max_length=7,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="clientlink",
            name="label_at_start",
            field=models.CharField(blank=True, default="", max_length=160),
        ),
    ]
