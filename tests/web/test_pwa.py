"""Issue 16 part 3: installable on a phone, and nothing of anyone kept by the app on the device.

The manifest (two looks), the service worker and the offline page are fixed files: the same for
everyone, signed in or not, locked or not, and none holds a name, an address or a marker. The
worker keeps only static files and the offline page. A person may choose the neutral look on
the account page; only their own pages link it, and the cached fragments never hold it.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image

from interdepend.web.accounts.models import HomeScreenLook, User
from interdepend.web.frame import pwa
from tests.conftest import PASSWORD, Personas
from tests.helpers import Response, as_user
from tests.journal_fixtures import SHARED_WITH_BOB

pytestmark = pytest.mark.django_db

MANIFEST = "/manifest.webmanifest"
NEUTRAL = f"{MANIFEST}?look=neutral"
REQUIRED = {"id", "name", "short_name", "start_url", "scope", "display", "icons"}
KEPT = re.compile(r"var KEEP = \[(.*?)\]\.concat\(OFFLINE_PAGES\);", re.S)
QUOTED = re.compile(r'"([^"]*)"')
MANIFEST_LINK = re.compile(r'<link rel="manifest" href="([^"]*)">')


def personal_words(personas: Personas) -> list[str]:
    people = personas.by_role().values()
    return [
        *personas.markers.values(),
        SHARED_WITH_BOB,
        *(str(p.display_name) for p in people),
        *(str(p.email) for p in people),
    ]


def viewers(personas: Personas) -> dict[str, Client]:
    return {"anonymous": Client(), "alice": as_user(personas.alice), "bob": as_user(personas.bob)}


def choose(client: Client, look: str) -> Response:
    return client.post(reverse("accounts:home_screen"), {"home_screen_look": look})


def manifest_link(client: Client, url: str = "/") -> str:
    found = MANIFEST_LINK.search(client.get(url).content.decode())
    assert found is not None, f"no manifest link on {url}"
    return found.group(1).replace("&amp;", "&")


def test_the_urls_sit_at_the_root_so_the_worker_covers_the_whole_site() -> None:
    assert reverse("frame:manifest") == MANIFEST
    assert reverse("frame:service_worker") == "/sw.js"
    assert reverse("frame:offline") == "/offline/"


@pytest.mark.parametrize(
    ("url", "name", "stem"),
    [
        (MANIFEST, "Interdepend", "interdepend"),
        (NEUTRAL, "Notes", "neutral"),
        (f"{NEUTRAL}&lang=es", "Notas", "neutral"),
        (f"{MANIFEST}?lang=es", "Interdepend", "interdepend"),
    ],
)
def test_each_manifest_is_valid_and_installable(url: str, name: str, stem: str) -> None:
    client = Client()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    csp = response["Content-Security-Policy"]
    assert "manifest-src 'self'" in csp and "worker-src 'self'" in csp
    members = json.loads(response.content)
    assert members.keys() >= REQUIRED
    assert members["name"] == members["short_name"] == name
    assert (members["start_url"], members["scope"], members["display"]) == ("/", "/", "standalone")
    assert members["theme_color"] == pwa.THEME and members["background_color"] == pwa.BACKGROUND
    sizes = set()
    for icon in members["icons"]:
        assert icon["src"].startswith(f"/static/icons/{stem}"), icon
        served = client.get(icon["src"])
        assert served.status_code == 200, icon
        body = b"".join(served.streaming_content)  # type: ignore[attr-defined]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(body)).size
            assert icon["sizes"] == f"{width}x{height}", icon
            sizes.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_each_look_is_an_app_of_its_own_so_one_never_renames_the_other() -> None:
    """A signed-out page links the app's own look; were the ids the same, a browser checking an
    installed neutral app for updates could give it the app's own name and icon back."""
    client = Client()
    ids = {json.loads(client.get(url).content)["id"] for url in (MANIFEST, NEUTRAL)}
    assert len(ids) == 2 and all(i.startswith("/") for i in ids), ids


def test_the_neutral_manifest_says_nothing_of_the_app_or_of_relationships() -> None:
    text = Client().get(NEUTRAL).content.decode().lower()
    for word in ("interdepend", "couple", "partner", "relationship", "together", "journal"):
        assert word not in text.replace("/static/icons/neutral", ""), word


def test_an_unknown_look_is_not_found() -> None:
    assert Client().get(f"{MANIFEST}?look=bright").status_code == 404
    for language in ("fr", "ES", "", "es-x"):
        assert Client().get(f"{NEUTRAL}&lang={language}").status_code == 404, language


def test_the_neutral_name_is_a_word_of_the_language_she_reads(personas: Personas) -> None:
    """A Spanish reader's neutral look is "Notas", named by the page's link (never a session);
    her partner, reading in English, keeps "Notes"; the worker shows either title with the
    plain icon."""
    alice = as_user(personas.alice)
    choose(alice, "neutral")
    alice.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    link = manifest_link(alice)
    assert link == f"{NEUTRAL}&lang=es"
    assert json.loads(Client().get(link).content)["name"] == "Notas"
    bob = as_user(personas.bob)
    choose(bob, "neutral")
    assert manifest_link(bob) == NEUTRAL
    worker = Client().get("/sw.js").content.decode()
    for title in ("Notes", "Notas"):
        assert f'"{title}": "/static/icons/neutral-192.png"' in worker


#: Every worker and offline page a page may name: each look in each language.
PAIRS = [("interdepend", "en"), ("interdepend", "es"), ("neutral", "en"), ("neutral", "es")]
ADDRESSED = {
    ("interdepend", "en"): "",
    ("interdepend", "es"): "?lang=es",
    ("neutral", "en"): "?look=neutral",
    ("neutral", "es"): "?look=neutral&lang=es",
}
FIXED = [
    MANIFEST,
    NEUTRAL,
    *(f"/sw.js{q}" for q in ADDRESSED.values()),
    *(f"/offline/{q}" for q in ADDRESSED.values()),
]
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
#: What the offline page says, in each language, and what it must not say in the other.
OFFLINE_WORDS = {
    "en": ("You are offline", "Try again", "Offline"),
    "es": ("No tienes conexión", "Vuelve a intentarlo", "Sin conexión"),
}


def test_the_fixed_files_are_the_same_for_everyone_and_hold_nothing_personal(
    personas: Personas,
) -> None:
    """Each address is one file for everyone: alice reading in Spanish with the plain look and
    bob with the app's own get what a visitor gets, for every look and language."""
    words = personal_words(personas)
    choose(as_user(personas.alice), "neutral")
    User.objects.filter(pk=personas.alice.pk).update(language="es")
    checked = 0
    for url in FIXED:
        bodies = {who: c.get(url).content.decode() for who, c in viewers(personas).items()}
        for who, body in bodies.items():
            checked += 1
            assert body == bodies["anonymous"], f"{url} differs for {who}"
            assert not [w for w in words if w in body], f"{url} as {who}"
    print(f"\nfixed files: {checked} responses, all alike, 0 personal")


def test_the_worker_is_served_as_a_script_that_is_asked_for_again_each_time() -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "worker-src 'self'" in response["Content-Security-Policy"]
    assert "Service-Worker-Allowed" not in response  # its own place, the root, is its scope


def test_the_worker_keeps_only_static_files_and_the_offline_page() -> None:
    client = Client()
    script = client.get("/sw.js").content.decode()
    found = KEPT.search(script)
    assert found is not None
    kept = QUOTED.findall(found.group(1))
    assert "/offline/" in script
    assert kept and all(url.startswith("/static/") for url in kept), kept
    for url in (*kept, *offline_pages(script)):
        assert client.get(url).status_code == 200, url
    # Two places put a response in a cache: the static branch, after a check of the address,
    # and the reader's choice of offline page, which is one of the worker's own addresses.
    assert script.count(".put(") == 2 and script.count(".addAll(") == 1
    assert script.count("isStatic(new URL(request.url))") == 1
    assert "cache.put(CHOICE, new Response(url" in script
    assert "if (OFFLINE_PAGES.indexOf(url) === -1) {\n    return Promise.resolve();" in script
    print(f"\nservice worker: keeps {len(kept)} static files and /offline/, nothing else")


def test_the_worker_cache_is_named_by_a_digest_of_the_worker() -> None:
    first = pwa.worker_script()
    assert re.search(r'var CACHE = "interdepend-static-[0-9a-f]{16}";', first)
    assert pwa.worker_script() == first


def visible(body: str) -> str:
    """The page's words as read: the text between the tags, and the titles shown on hover."""
    hovered = " ".join(re.findall(r'title="([^"]*)"', body))
    return f"{re.sub(r'<[^>]*>', ' ', body)} {hovered}"


@pytest.mark.parametrize(("look", "language"), PAIRS)
def test_the_offline_page_is_in_the_look_and_language_its_address_names(
    look: str, language: str
) -> None:
    """Airplane mode, the "Notas" icon: the tab and the history read "Notas", in Spanish, and
    nothing on the page names the app; the app's own look keeps "Offline · Interdepend"."""
    response = Client().get(f"/offline/{ADDRESSED[look, language]}")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == language
    assert f'<html lang="{language}">' in body
    heading, again, offline = OFFLINE_WORDS[language]
    assert f"<h1>{heading}</h1>" in body and again in body
    other = OFFLINE_WORDS["es" if language == "en" else "en"]
    assert not [w for w in other[:2] if w in body], other
    found = TITLE.search(body)
    assert found is not None
    own = f"/offline/{ADDRESSED[look, language]}".replace("&", "&amp;")
    assert f'data-service-worker="/sw.js" data-offline="{own}"' in body
    if look == "neutral":
        assert found.group(1) == {"en": "Notes", "es": "Notas"}[language]
        assert "interdepend" not in visible(body).lower()
        assert 'class="brand"' not in body and '/static/favicon.svg" alt' not in body
        assert '<link rel="apple-touch-icon" href="/static/icons/neutral-180.png">' in body
    else:
        assert found.group(1) == f"{offline} · Interdepend"
        assert "Interdepend" in visible(body) and 'class="brand"' in body


@pytest.mark.parametrize("query", ["?look=bright", "?look=NEUTRAL&lang=ES", "?lang=fr", "?lang="])
def test_an_unknown_look_or_language_gives_the_default_worker_and_offline_page(
    query: str,
) -> None:
    """Never echoed: a value we do not offer is the app's own look in the site's language."""
    client = Client()
    marker = "&look=%3Cb%3Equiet-marker"
    for path in ("/sw.js", "/offline/"):
        plain = client.get(path).content
        assert client.get(f"{path}{query}").content == plain, query
        odd = client.get(f"{path}{query}{marker}")
        assert odd.status_code == 200 and odd.content == plain
        assert b"quiet-marker" not in odd.content and b"bright" not in odd.content


def offline_pages(script: str) -> list[str]:
    found = re.search(r"var OFFLINE_PAGES = \[(.*?)\];", script, re.S)
    assert found is not None
    pages = QUOTED.findall(found.group(1))
    return [page.replace("\\u0026", "&").replace("\\u003D", "=") for page in pages]


def test_one_worker_for_every_look_and_language_keeps_every_offline_page() -> None:
    """One worker address for everyone: choosing a look or a language, or signing in, never
    makes the browser install another worker (a page asked for while one took over waited for
    it, and in CI once for ever). Any address a page of an earlier release registered
    (``?look=neutral&lang=es``) gets the same worker, which keeps every offline page."""
    client = Client()
    scripts = {client.get(f"/sw.js{ADDRESSED[pair]}").content for pair in PAIRS}
    assert len(scripts) == 1
    script = scripts.pop().decode()
    pages = offline_pages(script)
    assert pages == [f"/offline/{ADDRESSED[pair]}" for pair in PAIRS], pages
    assert pages == pwa.offline_urls()


def test_every_page_registers_the_one_worker_and_names_her_offline_page(
    personas: Personas,
) -> None:
    """The page tells the worker which offline page is the reader's: her look in the page's
    language, as her own choice when she is signed in (a signed-out page's never replaces it)."""
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    named = re.compile(
        r'data-service-worker="([^"]*)" data-offline="([^"]*)"( data-offline-chosen)?'
    )

    def registered(client: Client, url: str = "/") -> tuple[str, str, bool]:
        found = named.search(client.get(url).content.decode())
        assert found is not None
        return found.group(1), found.group(2).replace("&amp;", "&"), bool(found.group(3))

    assert registered(alice) == ("/sw.js", "/offline/", True)
    choose(alice, "neutral")
    assert registered(alice) == registered(alice, reverse("journal:home"))
    assert registered(alice) == ("/sw.js", "/offline/?look=neutral", True)
    alice.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    assert registered(alice) == ("/sw.js", "/offline/?look=neutral&lang=es", True)
    assert registered(bob) == ("/sw.js", "/offline/", True)
    assert registered(Client()) == ("/sw.js", "/offline/", False)
    visitor = Client()
    visitor.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    assert registered(visitor, reverse("accounts:login")) == ("/sw.js", "/offline/?lang=es", False)
    # The lock page too: a locked session keeps her offline page.
    assert alice.post(reverse("frame:quick_exit"), {"beacon": "1"}).status_code == 204
    locked = registered(alice, reverse("journal:home"))
    assert locked == ("/sw.js", "/offline/?look=neutral&lang=es", True)


def test_the_offline_page_is_one_fixed_page_without_the_person(personas: Personas) -> None:
    response = as_user(personas.alice).get("/offline/")
    body = response.content.decode()
    assert response.status_code == 200 and "You are offline" in body
    assert "<title>Offline · Interdepend</title>" in body
    assert 'aria-label="Main"' not in body  # no menu of a signed-in person
    assert "csrfmiddlewaretoken" not in body and "<form" not in body
    assert 'id="quick-exit"' in body
    assert not [w for w in personal_words(personas) if w in body]


def test_every_page_links_the_manifest_theme_and_touch_icon(personas: Personas) -> None:
    for client in (Client(), as_user(personas.alice)):
        body = client.get("/safety/").content.decode()
        assert f'<link rel="manifest" href="{MANIFEST}">' in body
        assert '<link rel="apple-touch-icon" href="/static/icons/interdepend-180.png">' in body
        assert f'<meta name="theme-color" content="{pwa.THEME}"' in body
        assert 'data-service-worker="/sw.js" data-offline="/offline/"' in body


def test_the_account_page_offers_the_choice_in_our_words(personas: Personas) -> None:
    body = as_user(personas.alice).get(reverse("accounts:settings")).content.decode()
    assert "On your phone's home screen" in body
    assert "remove it and add it again" in body
    assert re.search(r'value="interdepend"[^>]*checked', body)
    assert not re.search(r'value="neutral"[^>]*checked', body)


def test_choosing_the_neutral_look_changes_only_ones_own_manifest_link(
    personas: Personas,
) -> None:
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    assert manifest_link(alice) == MANIFEST
    response = choose(alice, "neutral")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:settings")
    personas.alice.refresh_from_db()
    assert personas.alice.home_screen_look == HomeScreenLook.NEUTRAL
    page = alice.get(reverse("accounts:settings")).content.decode()
    assert "Saved." in page and re.search(r'value="neutral"[^>]*checked', page)
    for url in ("/", reverse("together:goals"), reverse("accounts:settings")):
        assert manifest_link(alice, url) == NEUTRAL, url
    assert '<link rel="apple-touch-icon" href="/static/icons/neutral-180.png">' in page
    # The cached fragments are shared: bob's pages, drawn after hers, keep his own look.
    assert manifest_link(bob) == MANIFEST and manifest_link(Client()) == MANIFEST
    alice.post(
        reverse("accounts:home_screen"), {"home_screen_look": "interdepend", "password": PASSWORD}
    )
    assert manifest_link(alice) == MANIFEST


def test_under_the_plain_look_every_title_is_the_plain_name(personas: Personas) -> None:
    """A person who chose Notes finds "Notes" (or "Notas") in her tab, her history and her
    phone's list of open apps, never "My circle · Interdepend"; her partner's titles are his."""
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    choose(alice, "neutral")
    title = re.compile(r"<title>(.*?)</title>", re.S)
    pages = ("/", reverse("together:circle"), reverse("journal:home"), reverse("accounts:settings"))
    for url in pages:
        body = alice.get(url, follow=True).content.decode()
        found = title.search(body)
        assert found is not None and found.group(1) == "Notes", url
        # The tab's icon too: the app's rings beside "Notes" gave it away (the English walk).
        assert '<link rel="icon" href="/static/icons/neutral.svg"' in body, url
        assert 'favicon.svg" type' not in body
    his = bob.get(reverse("together:goals")).content.decode()
    found = title.search(his)
    assert found is not None and found.group(1).endswith("· Interdepend")
    assert '<link rel="icon" href="/static/favicon.svg"' in his
    User.objects.filter(pk=personas.alice.pk).update(language="es")
    found = title.search(alice.get("/").content.decode())
    assert found is not None and found.group(1) == "Notas"


@pytest.mark.parametrize("look", ["", "bright", "neutral ", "NEUTRAL", "x" * 500])
def test_a_look_that_is_not_offered_is_refused_in_our_words(personas: Personas, look: str) -> None:
    client = as_user(personas.alice)
    choose(client, "neutral")
    response = choose(client, look)
    assert response.status_code == 400
    assert "Please choose one of the two names and icons." in response.content.decode()
    assert User.objects.get(pk=personas.alice.pk).home_screen_look == HomeScreenLook.NEUTRAL


def test_the_choice_needs_a_post_and_a_signed_in_person() -> None:
    url = reverse("accounts:home_screen")
    assert (
        Client()
        .post(url, {"home_screen_look": "neutral"})["Location"]
        .startswith(reverse("accounts:login"))
    )


def test_a_locked_session_still_gets_the_fixed_files_and_the_lock_page_keeps_her_look(
    personas: Personas,
) -> None:
    client = as_user(personas.alice)
    choose(client, "neutral")
    assert client.post(reverse("frame:quick_exit"), {"beacon": "1"}).status_code == 204
    assert 'action="/continue/"' in client.get(reverse("journal:home")).content.decode()
    for url in FIXED:
        body = client.get(url).content.decode()
        assert 'action="/continue/"' not in body, url
    assert manifest_link(client, reverse("journal:home")) == NEUTRAL


def test_the_export_holds_the_choice(personas: Personas) -> None:
    from interdepend.web.accounts import personal
    from interdepend.web.frame.exportrows import table

    choose(as_user(personas.alice), "neutral")
    rows = personal.export(User.objects.get(pk=personas.alice.pk))[table(User)]
    assert [row["home_screen_look"] for row in rows] == ["neutral"]


def test_going_back_from_the_plain_look_asks_for_the_password_every_time(
    personas: Personas,
) -> None:
    """The plain look is kept at once; putting the app's own name back in her titles and
    notifications asks for her password typed for that step, even a minute after she signed
    in (the two-minute audit of 2026-12-03, M1: a recent sign-in was enough)."""
    from tests.helpers import password_confirmed

    fresh = password_confirmed(as_user(personas.alice))
    assert choose(fresh, "neutral")["Location"] == reverse("accounts:settings")
    asked = choose(fresh, "interdepend")
    body = asked.content.decode()
    assert asked.status_code == 200 and "Type your password for this step" in body
    assert "show the app&#x27;s own name again" in body
    assert '<input type="hidden" name="home_screen_look" value="interdepend">' in body
    assert User.objects.get(pk=personas.alice.pk).home_screen_look == HomeScreenLook.NEUTRAL
    wrong = fresh.post(
        reverse("accounts:home_screen"), {"home_screen_look": "interdepend", "password": "nope"}
    )
    assert wrong.status_code == 400
    assert User.objects.get(pk=personas.alice.pk).home_screen_look == HomeScreenLook.NEUTRAL
    typed = fresh.post(
        reverse("accounts:home_screen"), {"home_screen_look": "interdepend", "password": PASSWORD}
    )
    assert typed["Location"] == reverse("accounts:settings")
    assert User.objects.get(pk=personas.alice.pk).home_screen_look == HomeScreenLook.INTERDEPEND


def test_under_the_plain_look_downloads_have_plain_names(personas: Personas) -> None:
    """Her Downloads folder lists what she saved: under the plain look the report, the couple
    report and her data are "notes…", never "interdepend-…"."""
    from tests.helpers import password_confirmed

    client = password_confirmed(as_user(personas.alice))
    urls = {
        "report": reverse("assessment:report", args=[personas.finished_attempt_id]),
        "couple": reverse("couple:report"),
    }
    before = {k: client.get(u)["Content-Disposition"] for k, u in urls.items()}
    assert all("interdepend-" in v for v in before.values()), before
    choose(client, "neutral")
    after = {k: client.get(u)["Content-Disposition"] for k, u in urls.items()}
    assert 'filename="notes.pdf"' in after["report"], after
    assert 'filename="notes-shared.pdf"' in after["couple"], after
    export = client.post(reverse("datarights:export"), {"password": PASSWORD})
    assert re.search(r'filename="notes-\d{4}-\d\d-\d\d\.zip"', export["Content-Disposition"])


def test_signed_out_her_browser_keeps_her_plain_look(personas: Personas) -> None:
    """After her session ended, the sign-in page read "Log in · Interdepend" in the history of a
    phone whose every other title read "Notes" (the two-minute audit of 2026-12-03, M2). A
    browser that holds the device cookie of an account with the plain look keeps it signed
    out: titles, manifest, touch icon and offline page; any other browser is as it was."""
    from tests.web.test_devices import her_browser

    choose(as_user(personas.alice), "neutral")
    hers = her_browser(str(personas.alice.email))
    title = re.compile(r"<title>(.*?)</title>", re.S)
    for url in (reverse("accounts:login"), "/", reverse("accounts:password_reset")):
        body = hers.get(url).content.decode()
        found = title.search(body)
        assert found is not None and found.group(1) == "Notes", url
        assert f'<link rel="manifest" href="{NEUTRAL}">' in body
        assert 'data-offline="/offline/?look=neutral"' in body
        assert '<link rel="icon" href="/static/icons/neutral.svg"' in body
        assert "data-offline-chosen" not in body  # a signed-out page never replaces her choice
    for other in (Client(), her_browser(str(personas.bob.email))):
        found = title.search(other.get(reverse("accounts:login")).content.decode())
        assert found is not None and found.group(1).endswith("· Interdepend")
    forged = Client()
    forged.cookies[settings.DEVICE_COOKIE_NAME] = "made-up:value:here"
    found = title.search(forged.get(reverse("accounts:login")).content.decode())
    assert found is not None and found.group(1).endswith("· Interdepend")


def test_each_look_is_drawn_once_as_the_worker_starts_and_read_only_after() -> None:
    """The look's addresses and name are drawn for every look and language as a worker starts
    (issue 15: about 0.1 ms a page), so no page's first view in the plain look is the one that
    draws them; the one drawing serves every page, which cannot change it."""
    pwa._DRAWN.clear()
    drawn = pwa.draw_every_home_screen()
    assert drawn == len(HomeScreenLook) * len(settings.LANGUAGES) * 2
    kept = dict(pwa._DRAWN)
    plain = pwa.home_screen(HomeScreenLook.NEUTRAL, "es", chosen=True)
    assert plain is kept[HomeScreenLook.NEUTRAL, "es", True, "/"]  # drawn already
    assert plain["plain_title"] == "Notas" and plain["offline_chosen"] == "chosen"
    assert plain == pwa._drawn(HomeScreenLook.NEUTRAL, "es", True)  # the same as drawn afresh
    with pytest.raises(TypeError):
        plain["plain_title"] = "Interdepend"  # type: ignore[index]
    own = pwa.home_screen(HomeScreenLook.INTERDEPEND, "en")
    assert "plain_title" not in own and "offline_chosen" not in own
    # What the look has not reads as empty, at once, as the page's title asks for it.
    assert own["plain_title"] == "" and own["offline_chosen"] == ""
    assert kept == pwa._DRAWN  # pages asked for nothing new


def test_the_warm_up_draws_every_look(monkeypatch: pytest.MonkeyPatch) -> None:
    from interdepend.web.frame import warmup
    from interdepend.web.frame.templatetags import fasttags

    pwa._DRAWN.clear()
    for step in ("import_every_view", "fill_the_url_maps", "load_what_pages_load_late"):
        monkeypatch.setattr(warmup, step, lambda: None)
    monkeypatch.setattr(warmup, "prepare_every_read", lambda: None)
    monkeypatch.setattr(warmup, "leave_no_collection_pending", lambda: None)
    monkeypatch.setattr(fasttags, "warm", lambda templates: None)
    monkeypatch.setattr(warmup, "compile_every_template", lambda: [])
    warmup.warm_worker()
    assert len(pwa._DRAWN) == len(HomeScreenLook) * len(settings.LANGUAGES) * 2
