"""Parts of the account's pages written in Python (issue 15's fourteenth pass).

``{% to_account %}``: the way back to the account page at the top of each page of the account,
which was ``{% include "accounts/parts/to_account.html" %}`` (the template stays the reference).

``{% step_fields form %}``: ``{% form_fields form %}`` for the two-step page's small forms as the
page first shows them, the passkey's name and the password typed beside a new second step.
Django built each box's widget context and drew it through the form renderer (about 0.1 ms a
form); here the same markup is written straight, every value escaped as the renderer escapes
it, every word translated as it is drawn (nothing is kept). A form sent back, with its words or
its errors, is drawn the usual way. ``tests/web/test_step_parts.py`` holds both equal, byte for
byte, to what they replaced.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template import Context, Engine
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from interdepend.web.accounts.templatetags.choiceitems import static_address
from interdepend.web.frame.templatetags import formfields

register = template.Library()

#: The reference ``{% to_account %}`` is held to.
TO_ACCOUNT = "accounts/parts/to_account.html"


@register.simple_tag
def to_account() -> SafeString:
    """The link back to the account page: the same for everyone, in her language. Our words
    go in as they are, as ``{% translate %}`` puts them; the address is escaped as ``{% url %}``
    escapes it."""
    address = escape(reverse("accounts:settings"))
    return mark_safe(f'<p><a href="{address}">{gettext("Your account")}</a></p>')  # noqa: S308


#: What ``passkey.js`` says, each in a ``data-`` attribute of ``#passkey-words``.
_PASSKEY_WORDS = (
    (
        "unsupported",
        gettext_noop(
            "This browser cannot use passkeys. A code from an authenticator app, or a recovery "
            "code, works instead."
        ),
    ),
    (
        "cancelled",
        gettext_noop(
            "Nothing was done: the passkey step was closed, took too long, or found no passkey "
            "of this account on this device. You can try again whenever you like, or use a code."
        ),
    ),
    ("known", gettext_noop("This passkey is already added to your account.")),
    (
        "address",
        gettext_noop(
            "Passkeys need this site to be reached by its name rather than a numeric address. "
            "A code from an authenticator app works here instead."
        ),
    ),
    (
        "failed",
        gettext_noop(
            "Something went wrong between the browser and your passkey. Please try again, or "
            "use a code instead."
        ),
    ),
    (
        "server",
        gettext_noop(
            "Interdepend could not start the passkey step just now. Please try again in a moment."
        ),
    ),
    ("working", gettext_noop("Waiting for your passkey\u2026")),
)

#: The reference ``{% passkey_script %}`` is held to.
PASSKEY_SCRIPT = "accounts/passkey_script.html"


@register.simple_tag
def passkey_script() -> SafeString:
    """``{% include "accounts/passkey_script.html" %}``: the passkey script's words in her
    language, then the script. The same for everyone; made afresh on each view."""
    words = "".join(f'\n  data-{name}="{gettext(words)}"' for name, words in _PASSKEY_WORDS)
    script = escape(static_address("js/passkey.js"))
    return mark_safe(  # noqa: S308 - our words as {% translate %} puts them, the address escaped
        f'\n<div id="passkey-words" hidden{words}></div>\n<script src="{script}" defer></script>\n'
    )


@register.simple_tag(takes_context=True)
def step_fields(context: Context, form: Any) -> SafeString:
    """``{% form_fields form %}``, written straight where :func:`written` knows the form."""
    if formfields.DRAW_IN_PYTHON and form is not None:
        drawn = written(form)
        return mark_safe(formfields.draw(form) if drawn is None else drawn)  # noqa: S308
    engine = context.template.engine if context.template else Engine.get_default()
    with context.push(form=form):
        return mark_safe(str(engine.get_template(formfields.REFERENCE).render(context)))  # noqa: S308


def written(form: Any) -> str | None:
    """What :func:`formfields.draw` writes for the passkey's form or a password box as the page
    first shows them (not sent back, so empty and without errors); None for any other form."""
    if form.is_bound or form.initial or not form.use_required_attribute:
        return None
    names = list(form.fields)
    if names == ["name", "answer"]:
        return _passkey(form)
    if names == ["password"]:
        return _password(form)
    return None


def _plain(field: Any, kind: type[forms.Widget], attrs: dict[str, Any]) -> bool:
    """Whether ``field`` (bound) is the plain field this module writes: its widget of ``kind``
    with exactly ``attrs``, nothing disabled, localised or given first."""
    widget = field.field.widget
    return (
        type(widget) is kind
        and widget.attrs == attrs
        and not field.field.disabled
        and not field.field.localize
        and field.field.initial is None
        and field.field.show_hidden_initial is False
    )


def _passkey(form: Any) -> str | None:
    name, answer = form["name"], form["answer"]
    placeholder = name.field.widget.attrs.get("placeholder")
    if not (
        _plain(name, forms.TextInput, {"placeholder": placeholder, "autocomplete": "off"})
        and _plain(answer, forms.HiddenInput, {"data-passkey-answer": ""})
        and name.field.required
        and not answer.field.required
        and name.help_text
    ):
        return None
    name_id = escape(name.auto_id)
    return (
        f'\n<input type="hidden" name="{escape(answer.html_name)}" data-passkey-answer=""'
        f' id="{escape(answer.auto_id)}">\n\n<div class="field">\n  '
        f'<label for="{name_id}">{escape(name.label)}</label>'
        f'<input type="text" name="{escape(name.html_name)}" placeholder="{escape(placeholder)}"'
        f' autocomplete="off" required aria-describedby="{name_id}_helptext" id="{name_id}">'
        f'\n  \n  <p class="help" id="{name_id}_helptext">{escape(name.help_text)}</p>\n</div>\n\n'
    )


def _password(form: Any) -> str | None:
    password = form["password"]
    if not (
        _plain(password, forms.PasswordInput, {"autocomplete": "current-password"})
        and password.field.required
        and not password.help_text
    ):
        return None
    word_id = escape(password.auto_id)
    return (
        '\n\n\n<div class="field">\n  '
        f'<label for="{word_id}">{escape(password.label)}</label>'
        f'<input type="password" name="{escape(password.html_name)}"'
        f' autocomplete="current-password" required id="{word_id}">\n  \n  \n</div>\n\n'
    )
