{% load static %}// Interdepend's service worker, one file for everyone. It keeps our own static files (style,
// script, icons) and the page that says the phone is offline, in each look and each language:
// nothing else, ever. Each page tells it which offline page is the reader's (see "message").
// Pages, htmx fragments, forms, exports, reports and charts go to the server as if there were no
// worker, and none is stored, so no one's words, names or results can be found in this
// browser's caches.
"use strict";

var CACHE = "interdepend-static-{{ version }}";
var STATIC_PREFIX = "{% get_static_prefix %}";
// Every offline page, the app's own look in the site's language first (shown until a page has
// said which is the reader's).
var OFFLINE_PAGES = [
{% for url in offline_pages %}  "{{ url|escapejs }}"{% if not forloop.last %},{% endif %}
{% endfor %}];
// Which of them is the reader's: one address, kept in a cache of its own so that a new worker,
// which drops the old caches, still knows it.
var CHOICE_CACHE = "interdepend-offline-choice";
var CHOICE = "/offline/choice";
var KEEP = [
  "{% static 'css/interdepend.css' %}",
  "{% static 'js/interdepend.js' %}",
  "{% static 'js/guard.js' %}",
  "{% static 'vendor/htmx-2.0.4.min.js' %}",
  "{% static 'favicon.svg' %}",
  "{% static 'icons/interdepend.svg' %}",
  "{% static 'icons/interdepend-180.png' %}",
  "{% static 'icons/interdepend-192.png' %}",
  "{% static 'icons/interdepend-512.png' %}",
  "{% static 'icons/interdepend-maskable-512.png' %}",
  "{% static 'icons/neutral.svg' %}",
  "{% static 'icons/neutral-180.png' %}",
  "{% static 'icons/neutral-192.png' %}",
  "{% static 'icons/neutral-512.png' %}",
  "{% static 'icons/neutral-maskable-512.png' %}"
].concat(OFFLINE_PAGES);

// Fetched without cookies: an offline page is the same for everyone asking for its address
// (its look and language are in it), signed in or not.
function fresh(url) {
  return new Request(url, { credentials: "omit", cache: "reload" });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.addAll(KEEP.map(fresh)); })
      .then(function () { return self.skipWaiting(); })
  );
});

// A new worker drops every cache but its own (and the reader's choice of offline page).
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name !== CACHE && name !== CHOICE_CACHE;
        })
          .map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf(STATIC_PREFIX) === 0;
}

// The address a page last named (null when none has).
function keptChoice() {
  return caches.open(CHOICE_CACHE)
    .then(function (cache) { return cache.match(CHOICE); })
    .then(function (kept) { return kept ? kept.text() : null; });
}

// The reader's offline page: the one a page last named, if it is one of ours, else the default.
function chosenOffline() {
  return keptChoice()
    .then(function (url) { return OFFLINE_PAGES.indexOf(url) === -1 ? OFFLINE_PAGES[0] : url; })
    .catch(function () { return OFFLINE_PAGES[0]; });
}

// A page: always from the server (after a quick exit that is the lock page). Only when the
// server cannot be reached at all, the reader's offline page instead; the page asked for is not
// kept.
function page(request) {
  return fetch(request).catch(function () {
    return chosenOffline()
      .then(function (url) {
        return caches.open(CACHE).then(function (cache) { return cache.match(url); });
      })
      .then(function (offline) { return offline || Response.error(); });
  });
}

// A static file: from the cache, or from the server and then kept (static files only).
function staticFile(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") {
          cache.put(request, response.clone());
        }
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return; // forms and the quick exit's beacon: straight to the server, untouched
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  if (isStatic(new URL(request.url))) {
    event.respondWith(staticFile(request));
  }
  // Anything else (htmx fragments, charts, exports, reports): not answered here, so the
  // browser asks the server itself and nothing is stored.
});

// A push message: only a title and a body, the same few words whatever it is about (see
// accounts/push.py). The icon is one of our own fixed ones, the plain page for the neutral look
// (named in each of our languages: "Notes", "Notas"). Nothing in the message is kept, and nothing
// private is fetched to show it.
var ICONS = {
{% for title in neutral_titles %}  "{{ title|escapejs }}": "{% static 'icons/neutral-192.png' %}",
{% endfor %}  Interdepend: "{% static 'icons/interdepend-192.png' %}"
};

function words(event) {
  var shown = { title: "Interdepend", body: "" };
  try {
    var data = event.data ? event.data.json() : {};
    if (typeof data.title === "string" && Object.prototype.hasOwnProperty.call(ICONS, data.title)) {
      shown.title = data.title;
    }
    if (typeof data.body === "string") {
      shown.body = data.body.slice(0, 120);
    }
  } catch (e) { /* a message we cannot read still shows the plain title */ }
  return shown;
}

self.addEventListener("push", function (event) {
  var shown = words(event);
  event.waitUntil(self.registration.showNotification(shown.title, {
    body: shown.body,
    icon: ICONS[shown.title],
    tag: "interdepend"
  }));
});

// A tap brings back a window of the app as it was: focused, never moved to another page, so
// words she was typing there stay (going to the start page lost them: the notify audit of
// 2026-12-03). Only with no window open does it open the start page, never a private address:
// after a quick exit or on someone else's phone, the server answers it with its lock page or
// its sign-in page.
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
      for (var i = 0; i < open.length; i += 1) {
        if ("focus" in open[i]) {
          return open[i].focus().catch(function () { return self.clients.openWindow("/"); });
        }
      }
      return self.clients.openWindow("/");
    })
  );
});

// A page names the reader's offline page ({offline: address, chosen: true} from a signed-in
// person's page). Only one of our own addresses is kept, and only when it changes; a signed-out
// page's never replaces a signed-in person's choice (the sign-in page after her session ended
// would otherwise bring back the app's name to her "Notes" phone).
function remember(url, chosen) {
  if (OFFLINE_PAGES.indexOf(url) === -1) {
    return Promise.resolve();
  }
  return keptChoice().then(function (keptUrl) {
    if (keptUrl === url || (keptUrl !== null && !chosen)) {
      return undefined;
    }
    return caches.open(CHOICE_CACHE).then(function (cache) {
      return cache.put(CHOICE, new Response(url, { headers: { "Content-Type": "text/plain" } }));
    });
  });
}

// The quick exit (js/interdepend.js) tells the worker as it leaves: notifications already on
// the screen go too, so none is left there while someone else holds the phone.
self.addEventListener("message", function (event) {
  var data = event.data;
  if (data && typeof data === "object" && typeof data.offline === "string") {
    event.waitUntil(remember(data.offline, data.chosen === true));
    return;
  }
  if (data !== "quick-exit") {
    return;
  }
  event.waitUntil(self.registration.getNotifications().then(function (shown) {
    shown.forEach(function (notification) { notification.close(); });
  }));
});
