"""Interdepend on a phone's home screen: the web app manifest and the service worker.

Both are the same for everyone and hold nothing of anyone. The manifest comes in two looks, the
app's own and a neutral one (a plain name and icon, chosen per person on the account page; the
look is in the manifest's address, never read from a session). The service worker is one file
for everyone (``/sw.js``): it keeps only our static files and the offline page of each look in
each language, and each page tells it which of those is the reader's (``data-offline``); every
page, fragment, form and download goes to the server past it, and none is ever stored (see
``templates/frame/sw.js``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.conf import settings
from django.core.signals import setting_changed
from django.http import QueryDict
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, gettext, gettext_noop, override

from interdepend import __version__
from interdepend.web.accounts.models import HomeScreenLook, User

#: The colours of the stylesheet: the page behind everything, and the bar at the top.
BACKGROUND = "#fbfaf7"
THEME = "#ffffff"
THEME_DARK = "#1f2226"


@dataclass(frozen=True)
class Look:
    #: The app's identity to the browser. Each look is an app of its own, so a page linking the
    #: other look (the sign-in page, say, which always links the app's own) never renames or
    #: re-draws an app already on the home screen: a neutral icon stays neutral.
    app_id: str
    name: str
    icons: str  # the stem of the icon files under static/icons/
    #: The neutral name is a plain word in the phone's own language ("Notes", "Notas"): an
    #: English word among Spanish names would stand out. The app's own name stays as it is.
    translated: bool = False

    def name_in(self, language: str) -> str:
        if not self.translated:
            return self.name
        with override(language):
            return gettext(self.name)


LOOKS = {
    HomeScreenLook.INTERDEPEND: Look("/", "Interdepend", "interdepend"),
    HomeScreenLook.NEUTRAL: Look("/notes", gettext_noop("Notes"), "neutral", translated=True),
}


def neutral_titles() -> list[str]:
    """The neutral look's name in every language we speak (a notification may carry any)."""
    found = [LOOKS[HomeScreenLook.NEUTRAL].name_in(code) for code, _name in settings.LANGUAGES]
    return list(dict.fromkeys(found))


def manifest(look: HomeScreenLook, language: str | None = None) -> dict[str, object]:
    """The manifest's members: fixed words (the neutral name in ``language``), our colours,
    the look's icons."""
    shown = LOOKS[look]
    stem = f"icons/{shown.icons}"
    name = shown.name_in(language or settings.LANGUAGE_CODE)
    return {
        "id": shown.app_id,
        "name": name,
        "short_name": name,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": [
            {"src": static(f"{stem}.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static(f"{stem}-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static(f"{stem}-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static(f"{stem}-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


def look_of(user: object) -> HomeScreenLook:
    """The person's chosen look; the app's own for anyone signed out."""
    if isinstance(user, User):
        return HomeScreenLook(user.home_screen_look)
    return HomeScreenLook.INTERDEPEND


def is_plain(user: object) -> bool:
    """Whether the person chose the plain look (never anyone signed out)."""
    return look_of(user) == HomeScreenLook.NEUTRAL


def plain_name(language: str | None = None) -> str:
    """The plain look's name ("Notes", "Notas"), in ``language`` or else the active one: the
    sender of every message to a person, and her authenticator's entry under the plain look."""
    return LOOKS[HomeScreenLook.NEUTRAL].name_in(
        language or get_language() or settings.LANGUAGE_CODE
    )


def file_name(user: object, own: str, plain: str) -> str:
    """A download's name: the app's own, or under the plain look a plain one, since a phone's
    Downloads folder lists it ("notes.pdf", not "interdepend-my-report.pdf")."""
    return plain if is_plain(user) else own


def manifest_url(look: HomeScreenLook, language: str | None = None) -> str:
    """The look's manifest; the neutral one names the language the page is read in, so its
    plain name is a word of that language (the address says it, never a session)."""
    url = reverse("frame:manifest")
    if look == HomeScreenLook.INTERDEPEND:
        return url
    language = language or get_language() or settings.LANGUAGE_CODE
    suffix = "" if language == settings.LANGUAGE_CODE else f"&lang={language}"
    return f"{url}?look={look.value}{suffix}"


def favicon_url(look: HomeScreenLook) -> str:
    if look == HomeScreenLook.INTERDEPEND:
        return static("favicon.svg")
    return static(f"icons/{LOOKS[look].icons}.svg")


def touch_icon_url(look: HomeScreenLook) -> str:
    return static(f"icons/{LOOKS[look].icons}-180.png")


def asked(query: QueryDict) -> tuple[HomeScreenLook, str]:
    """The look and language an address names (``?look=neutral&lang=es``). Anything we do not
    offer is the default: the app's own look, the site's language. Only our own values come
    back, never the address's text."""
    looks = {look.value: look for look in HomeScreenLook}
    languages = {code: code for code, _name in settings.LANGUAGES}
    look = looks.get(query.get("look", ""), HomeScreenLook.INTERDEPEND)
    return look, languages.get(query.get("lang", ""), settings.LANGUAGE_CODE)


def _query(look: HomeScreenLook, language: str) -> str:
    """``?look=…&lang=…`` naming only what is not the default: one address per look and
    language, so everyone asking for the same pair gets the same file."""
    parts = [] if look == HomeScreenLook.INTERDEPEND else [f"look={look.value}"]
    if language != settings.LANGUAGE_CODE:
        parts.append(f"lang={language}")
    return f"?{'&'.join(parts)}" if parts else ""


def offline_url(look: HomeScreenLook, language: str) -> str:
    return reverse("frame:offline") + _query(look, language)


def offline_urls() -> list[str]:
    """Every offline page the worker keeps: each look in each language, the default first."""
    default = HomeScreenLook.INTERDEPEND
    looks = [default, *(look for look in HomeScreenLook if look != default)]
    codes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    languages = [settings.LANGUAGE_CODE, *codes]
    return [offline_url(look, language) for look in looks for language in languages]


#: Every look's addresses and name in every language, drawn once per worker: a page asked for
#: them afresh each view (about 0.1 ms of a small page's 1.5 ms, issue 15). Filled whole as the
#: worker starts (:func:`draw_every_home_screen`), so no page's first view in one look and
#: language is the one that draws it: a faster view would tell a partner that someone on this
#: server had used the plain look.
_DRAWN: dict[tuple[HomeScreenLook, str, bool, str], Mapping[str, str]] = {}


class _Drawn(dict[str, str]):
    """A look's drawn values. One it does not have reads as empty, as a template shows a
    missing one: every page's title asks for ``home_screen.plain_title``, which the app's own
    look has not, and the template engine looked for it four ways, each an error raised and
    caught, one listing every attribute of the mapping (issue 15). ``in`` still says which the
    look has."""

    def __missing__(self, key: str) -> str:
        return ""


def home_screen(
    look: HomeScreenLook, language: str, chosen: bool = False, prefix: str | None = None
) -> Mapping[str, str]:
    """What a page needs of the look: the manifest and touch icon, the offline page it tells the
    worker to show (``chosen`` when it is a signed-in person's own, which a signed-out page
    never replaces), and under a plain look its name, which is then the page's title. Read
    only: the same mapping serves every page of that look and language. ``prefix``: the script
    prefix, when the caller has read it already (else it is read here)."""
    if prefix is None:
        prefix = get_script_prefix()
    key = (look, language, chosen, prefix)  # its addresses start with it
    found = _DRAWN.get(key)
    if found is None:
        found = _DRAWN[key] = MappingProxyType(_Drawn(_drawn(look, language, chosen)))
    return found


def draw_every_home_screen() -> int:
    """Draw each look in each language, for a signed-in page and a signed-out one (the
    worker's warm-up); how many there are. Nothing is drawn where the static files were never
    collected (a script's worker that serves no page): each page then says so itself."""
    try:
        for look in HomeScreenLook:
            for language, _name in settings.LANGUAGES:
                for chosen in (False, True):
                    home_screen(look, language, chosen)
    except ValueError:  # the static files' table is missing
        _DRAWN.clear()
    return len(_DRAWN)


def _forget(*, setting: str, **_: object) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "STATIC_URL", "STORAGES", "ROOT_URLCONF"}:
        _DRAWN.clear()


setting_changed.connect(_forget, dispatch_uid="interdepend-pwa-home-screens")


def _drawn(look: HomeScreenLook, language: str, chosen: bool) -> dict[str, str]:
    """:func:`home_screen`, drawn."""
    found = {
        "manifest": manifest_url(look, language),
        "touch_icon": touch_icon_url(look),
        # The tab's and the history's icon: under a plain look, the plain one (the rings beside
        # "Notes" gave the app away: the English walk of 2026-12-03).
        "favicon": favicon_url(look),
        "offline": offline_url(look, language),
    }
    if chosen:
        found["offline_chosen"] = "chosen"
    if look != HomeScreenLook.INTERDEPEND:
        # Every page's title is the plain name alone ("Notes"): the tab, the history and the
        # phone's list of open apps then never read "My circle · Interdepend".
        found["plain_title"] = LOOKS[look].name_in(language)
    return found


def worker_script() -> str:
    """The service worker, with the real (in production, hashed) addresses of what it keeps:
    our static files and every offline page.

    Its cache is named by a digest of its own text, so a new stylesheet or script (a new hashed
    address) or a new worker gives a new cache, and the worker drops the old one."""
    context: dict[str, object] = {
        "version": "",
        "neutral_titles": neutral_titles(),
        "offline_pages": offline_urls(),
    }
    draft = render_to_string("frame/sw.js", context)
    version = hashlib.sha256(f"{__version__}\n{draft}".encode()).hexdigest()[:16]
    return render_to_string("frame/sw.js", context | {"version": version})
