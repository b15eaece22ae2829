from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0006_attempt_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="skipped",
            field=models.JSONField(default=list),
        ),
    ]
