# Sign-ins stopped at the second step: one row for each, in place of one count on her row.

import secrets

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def rows_from_counts(apps, schema_editor):
    """Each counted sign-in not yet told becomes a row (all at the moment kept, the only one
    known); a moment kept with nothing left to tell becomes one told row, for her sessions page."""
    User = apps.get_model("accounts", "User")
    StoppedSignIn = apps.get_model("accounts", "StoppedSignIn")
    made = []
    for user_id, count, at in User.objects.exclude(stopped_sign_in_at=None).values_list(
        "pk", "stopped_sign_ins", "stopped_sign_in_at"
    ):
        for _ in range(count or 1):
            made.append(
                StoppedSignIn(
                    user_id=user_id,
                    key=secrets.token_urlsafe(32),
                    began_at=at,
                    told=not count,
                )
            )
    StoppedSignIn.objects.bulk_create(made)


def counts_from_rows(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    StoppedSignIn = apps.get_model("accounts", "StoppedSignIn")
    for user in User.objects.filter(pk__in=StoppedSignIn.objects.values_list("user_id", flat=True)):
        mine = StoppedSignIn.objects.filter(user_id=user.pk)
        user.stopped_sign_ins = mine.filter(told=False).count()
        user.stopped_sign_in_at = (
            mine.order_by("-began_at").values_list("began_at", flat=True).first()
        )
        user.save(update_fields=["stopped_sign_ins", "stopped_sign_in_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0022_user_stopped_sign_ins"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoppedSignIn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64, unique=True)),
                ("began_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("told", models.BooleanField(default=False)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.user",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["user", "told"], name="stopped_sign_in_user_told")
                ],
            },
        ),
        migrations.RunPython(rows_from_counts, counts_from_rows),
        migrations.RemoveField(model_name="user", name="stopped_sign_in_at"),
        migrations.RemoveField(model_name="user", name="stopped_sign_ins"),
    ]
