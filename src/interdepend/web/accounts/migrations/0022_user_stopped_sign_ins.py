# Sign-ins begun with her right password that stopped at the second step.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0021_user_wrong_passwords"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="stopped_sign_in_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="stopped_sign_ins",
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
    ]
