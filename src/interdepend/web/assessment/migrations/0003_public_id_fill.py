"""Public ids, step 2 of 3: a fresh random id for every existing row."""

from django.db import migrations

from interdepend.web.frame.publicid import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_public_id_add")]

    operations = [
        migrations.RunPython(
            fill_public_ids("assessment", "attempt"), migrations.RunPython.noop, elidable=False
        ),
    ]
