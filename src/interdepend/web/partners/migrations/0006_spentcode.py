from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_invitation_opened_by"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpentCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code_digest", models.CharField(db_index=True, max_length=64)),
                ("opened_by", models.CharField(max_length=64)),
            ],
        ),
    ]
