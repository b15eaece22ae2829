"""``KeptWords`` keeps a person's ratings of a decision the partner named too (decide.kept), so
they stay in her download after the end (the download audit of 2026-12-05)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('together', '0010_goal_partner_wrote'),
    ]

    operations = [
        migrations.AlterField(
            model_name='keptwords',
            name='kind',
            field=models.CharField(choices=[('shared_goal', 'a shared goal you made'), ('goal_note', 'a step you noted on a shared goal'), ('bid_answer', 'your answer when your partner reached out'), ('wording', "words you suggested for your partner's boundary"), ('rating', 'your ratings of a decision your partner named')], max_length=12),
        ),
    ]
