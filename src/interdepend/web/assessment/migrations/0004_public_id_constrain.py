"""Public ids, step 3 of 3: every row has one, each different, and new rows draw their own."""

from django.db import migrations, models

import interdepend.web.frame.publicid


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_public_id_fill")]

    operations = [
        migrations.AlterField(
            model_name="attempt",
            name="public_id",
            field=models.CharField(
                default=interdepend.web.frame.publicid.new_public_id,
                editable=False,
                max_length=22,
                unique=True,
            ),
        ),
    ]
