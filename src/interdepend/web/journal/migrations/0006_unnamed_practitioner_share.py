"""The old "shared with my practitioner" flag becomes history: it keeps its value under a name
that says what it is, and opens nothing (only a named share does, see 0005). The owner's entry
page offers to share such an entry again, by name."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("journal", "0005_practitionershare")]

    operations = [
        migrations.RenameField(
            model_name="entry",
            old_name="shared_with_practitioner",
            new_name="unnamed_practitioner_share",
        ),
    ]
