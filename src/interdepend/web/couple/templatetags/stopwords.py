"""The words of *Choose what to stop sharing* that name her partner or count what she shares,
written in Python.

The page had four ``{% blocktranslate trimmed %}`` blocks (the opening paragraph and the step
of leaving, each with her partner's name; the journal entries and the check-ins, each counted):
Django joins and trims each block's words again on every view before it looks them up, about
50 µs a block (issue 15's eleventh pass, ``docs/performance-passes.md``). Here each is the same
words looked up with ``gettext`` or ``ngettext`` as it is drawn (nothing is kept between requests),
the name escaped and isolated as ``|isolate`` did it, a count written as the template wrote it:
the same markup as the template it replaced, byte for byte (``tests/web/test_stop_sharing_page.py``,
against ``tests/web/reference/couple/stop_sharing.html``).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()


@register.simple_tag
def stop_intro(name: str) -> SafeString:
    """The opening paragraph's words: ``name`` is her partner's."""
    words = gettext(
        "Here you can stop sharing things with %(name)s, all at once or one kind at a time. "
        "Nothing is sent to %(name)s and nothing says why: what you stop sharing is simply no "
        "longer there for them, exactly as when anyone stops sharing something. You can share "
        "again later if you choose."
    )
    return mark_safe(words % {"name": isolate(name)})  # noqa: S308 - the name is escaped


@register.simple_tag
def stop_leave(name: str) -> SafeString:
    """What leaving the partnership does, naming her partner."""
    words = gettext(
        "Everything shared through it closes at once. %(name)s is not asked and no message is "
        "sent; from their next page on, you are no longer their partner."
    )
    return mark_safe(words % {"name": isolate(name)})  # noqa: S308 - the name is escaped


@register.simple_tag
def stop_entries(n: int) -> SafeString:
    """The check box's label for the journal entries she shares, counted."""
    words = ngettext(
        "The journal entry you shared with a partner.",
        "The %(n)s journal entries you shared with a partner.",
        n,
    )
    return mark_safe(words % {"n": shown(n)})  # noqa: S308 - the count is escaped


@register.simple_tag
def stop_checkins(n: int) -> SafeString:
    """The check box's label for the check-ins she shares, counted."""
    words = ngettext(
        "Your shared check-in. It leaves your shared trends.",
        "Your %(n)s shared check-ins. They leave your shared trends.",
        n,
    )
    return mark_safe(words % {"n": shown(n)})  # noqa: S308 - the count is escaped
