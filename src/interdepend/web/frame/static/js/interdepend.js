// Interdepend's only script of our own. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";

  // Shift pressed this many times in a row, with no other key between, within this time.
  var SHIFTS_TO_EXIT = 3;
  var SHIFT_WINDOW_MS = 2000;
  // A press of Shift longer than this is held for something else, not tapped.
  var SHIFT_TAP_MS = 500;

  // Tell the server to lock this session. The beacon is sent even as the page goes away; it
  // carries the form's CSRF token. Without scripts the button's own form does the same.
  function lockSession() {
    var form = document.getElementById("quick-exit-form");
    if (!form) {
      return;
    }
    // Until the lock has landed, this tab's next page hides itself and locks first (guard.js).
    try {
      window.sessionStorage.setItem("interdepend-exit", "1");
    } catch (e) { /* the beacon still goes */ }
    var data = new FormData(form);
    data.append("beacon", "1");
    var words = null;
    try {
      words = unsentWords(form);
    } catch (e) { /* the lock goes alone */ }
    if (navigator.sendBeacon) {
      if (words && navigator.sendBeacon(form.action, words)) {
        return;
      }
      if (navigator.sendBeacon(form.action, data)) {
        return;
      }
    }
    fetch(form.action, { method: "POST", body: data, keepalive: true, credentials: "same-origin" });
  }

  // Words she typed on this page and did not send go with the lock, hidden (an Esc pressed out
  // of habit while writing lost them: the keyboard audit of 2026-12-03). The server keeps them
  // in the locked session until the password, then shows them before anything is saved, as
  // the idle lock does (accounts/kept.py, frame/lock.py). Never a password, never a file. The
  // lock never waits for them: too much for one beacon (64 KB), the lock goes alone.
  function unsentWords(form) {
    var typed = typedForm();
    if (!typed || typed.method.toLowerCase() !== "post" || typed.hasAttribute("hx-post")) {
      return null;
    }
    var data = new FormData(form);
    data.append("beacon", "1");
    data.append("kept_to", typed.action);
    new FormData(typed).forEach(function (value, name) {
      var field = typed.elements.namedItem(name);
      var secret = name === "csrfmiddlewaretoken" || (field && field.type === "password");
      if (typeof value === "string" && !secret) {
        data.append("kept." + name, value);
      }
    });
    return data;
  }

  // Other tabs of this site in the same browser hear of the exit and leave too (nothing stored).
  var tabs = window.BroadcastChannel ? new BroadcastChannel("interdepend-quick-exit") : null;

  // Hide this page, then replace it in the history with a neutral site.
  function leave() {
    var target = document.body.getAttribute("data-quick-exit") || "about:blank";
    try {
      document.body.innerHTML = "";
      document.title = "";
      var exiting = window.sessionStorage.getItem("interdepend-exit");
      window.sessionStorage.clear();
      if (exiting) {
        window.sessionStorage.setItem("interdepend-exit", exiting);
      }
    } catch (e) { /* keep going: leaving matters more */ }
    window.location.replace(target);
  }

  // The service worker closes the notifications already on the screen (frame/sw.js). The
  // message is handed over at once, so it arrives though this page is leaving.
  function closeNotifications() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    var worker = navigator.serviceWorker.controller;
    if (worker) {
      worker.postMessage("quick-exit");
      return;
    }
    navigator.serviceWorker.getRegistration().then(function (registration) {
      if (registration && registration.active) {
        registration.active.postMessage("quick-exit");
      }
    }).catch(function () { /* leaving matters more */ });
  }

  // Quick exit: lock the session, close the notifications, tell the other tabs, leave.
  function quickExit() {
    try {
      lockSession();
    } catch (e) { /* keep going */ }
    try {
      closeNotifications();
    } catch (e) { /* keep going */ }
    try {
      if (tabs) {
        tabs.postMessage("leave");
      }
    } catch (e) { /* keep going */ }
    leave();
  }

  if (tabs) {
    tabs.onmessage = leave;
  }

  // Every tab of this browser shares its sign-in, so signing out in one ends it in all; yet the
  // others went on showing what they had drawn: she signed out on a shared computer, and her
  // journal entry stayed open in the next tab for whoever sat down (the stranger audit of
  // 2026-12-05). A page drawn for nobody signed in tells the other tabs (nothing stored); a page
  // of hers that hears it asks the server, and once the sign-in page answers as for nobody
  // signed in, empties itself and goes there. A page drawn for nobody for another reason (a form
  // another site sent here comes without her cookie) moves nothing while she is signed in.
  var ended = window.BroadcastChannel ? new BroadcastChannel("interdepend-signed-out") : null;
  var signIn = document.body.getAttribute("data-sign-in");
  function signedOut() {
    if (!signIn) {
      return;
    }
    document.body.innerHTML = "";
    document.title = "";
    window.location.replace(signIn);
  }
  function signedOutIfSo() {
    fetch(signIn, { credentials: "same-origin", redirect: "manual" })
      .then(function (answer) {
        // Signed in, the sign-in page sends her on (a redirect the page cannot read).
        if (answer.type !== "opaqueredirect") {
          signedOut();
        }
      })
      .catch(function () { /* offline: nothing to tell, her page's own clocks still lock it */ });
  }
  // Her page's own reports go to addresses only a signed-in person reaches: sent on to the
  // sign-in page, they say her sign-in is over (ended from another device, or run out).
  function endedIfSent(answer) {
    if (answer && answer.redirected) {
      signedOut();
      return true;
    }
    return false;
  }
  if (ended && document.body.hasAttribute("data-signed-out")) {
    ended.postMessage("signed-out");
  } else if (ended && signIn) {
    ended.onmessage = signedOutIfSo;
  }

  var shifts = 0;
  var firstShiftAt = 0;
  // When Shift went down on its own (0: not down, or not alone since: another key came).
  var shiftDownAt = 0;

  // Three Shifts in a row cannot clash with typing: a capital letter puts a letter between them.
  // Only a Shift tapped on its own counts: down and up again within SHIFT_TAP_MS, no other key
  // pressed or let go in between, and no Ctrl, Alt or Cmd held. A screen reader's gestures
  // hold those (VoiceOver's VO+Shift+arrows, with Ctrl and Option held) and left the site
  // while she moved around the page (the keyboard audit of 2026-12-04, H1).
  function withOthers(event) {
    return event.ctrlKey || event.altKey || event.metaKey;
  }
  function shiftDown(event) {
    if (event.key !== "Shift" || withOthers(event)) {
      shifts = 0;
      shiftDownAt = 0;
    } else if (!event.repeat) {
      shiftDownAt = Date.now();
    }
  }
  function countShift(event) {
    if (event.key !== "Shift") {
      shifts = 0;
      shiftDownAt = 0;
      return false;
    }
    var now = Date.now();
    var tapped = shiftDownAt && !withOthers(event) && now - shiftDownAt <= SHIFT_TAP_MS;
    shiftDownAt = 0;
    if (!tapped) {
      shifts = 0;
      return false;
    }
    if (shifts === 0 || now - firstShiftAt > SHIFT_WINDOW_MS) {
      shifts = 0;
      firstShiftAt = now;
    }
    shifts += 1;
    return shifts >= SHIFTS_TO_EXIT;
  }

  // Which keys set it off: the person's choice on her account page ("esc-shift", "esc" or
  // "none"; the button always works), read at each press, so a page swapped in place follows.
  function exitKeys() {
    return document.body.getAttribute("data-exit-keys") || "esc-shift";
  }

  document.addEventListener("keydown", function (event) {
    var keys = exitKeys();
    // Not while an input method is composing a word: Esc there cancels the composition.
    if (event.key === "Escape" && !event.defaultPrevented && !event.isComposing) {
      if (keys !== "none") {
        quickExit();
      }
    } else {
      shiftDown(event);
    }
  });
  document.addEventListener("keyup", function (event) {
    if (countShift(event) && exitKeys() === "esc-shift") {
      quickExit();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest("#quick-exit")) {
      event.preventDefault();
      quickExit();
    }
    var copy = target instanceof Element ? target.closest("[data-copy]") : null;
    if (copy && navigator.clipboard) {
      var text = document.getElementById(copy.getAttribute("data-copy"));
      if (text) {
        navigator.clipboard.writeText(text.textContent.trim());
        copy.textContent = copy.getAttribute("data-copied") || "";
        // A button's own words changing is not read out: the page's status line says it.
        var said = document.getElementById("copy-status");
        if (said) {
          said.textContent = copy.getAttribute("data-copied") || "";
        }
      }
    }
  });

  // A form answered by a file (the data download) leaves the page as it was, password and
  // all: anyone at the screen could press the button again. The box is emptied as it is sent
  // (the browser has already read it by then).
  //
  // An earlier mistake ("Please fill this in.") stayed too, the box still marked by it, and
  // nothing said the file was coming (the keyboard audit of 2026-12-03). Sent with a password,
  // the mistake goes and the form's status line says the download has started. Had the
  // password been wrong, the server's answer is a new page, which says so in place of this one.
  function forgetMistakes(form) {
    var gone = [];
    form.querySelectorAll("[role='alert']").forEach(function (said) {
      if (said.id) {
        gone.push(said.id);
      }
      said.remove();
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      var left = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && gone.indexOf(id) < 0;
      });
      if (left.length) {
        field.setAttribute("aria-describedby", left.join(" "));
      } else {
        field.removeAttribute("aria-describedby");
      }
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-forget-password")) {
      var boxes = form.querySelectorAll('input[type="password"]');
      var typed = Array.prototype.some.call(boxes, function (box) { return box.value !== ""; });
      window.setTimeout(function () {
        boxes.forEach(function (box) {
          box.value = "";
        });
        var status = form.querySelector("[data-sent-status]");
        if (typed) {
          forgetMistakes(form);
          if (status) {
            status.textContent = status.getAttribute("data-sent-status");
          }
        }
      }, 0);
    }
  });

  // "Please press the button once more" (after confirming it is you) is done with once a
  // request it asked for has gone through; an htmx answer replaces only part of the page.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) {
      var stale = document.querySelectorAll(".message.again");
      for (var i = 0; i < stale.length; i += 1) {
        stale[i].remove();
      }
    }
  });

  // A button sent in place (a bid answered, a promise marked, an entry shared) whose press did
  // not go through said nothing at all: htmx puts no answer of 400 and over on the page, and
  // none comes when the connection is gone, so the button looked pressed and nothing was saved
  // (the writes audit of 2026-12-05). The words go under the form, as an alert: those of our
  // own page that answered (its heading and first line: "Something went wrong on our side",
  // "That was too long to read"), or, with no answer at all, the ones main carries for it.
  // The form stays as it was, with anything typed in it, to press again.
  function sayNotDone(form, lines) {
    var place = form instanceof Element ? form : null;
    if (!place || !document.body.contains(place)) {
      place = document.querySelector("main [data-htmx-status]");
    }
    if (!place || !lines.length) {
      return;
    }
    var box = document.createElement("div");
    box.className = "messages";
    box.setAttribute("role", "alert");
    box.setAttribute("data-htmx-failed", "");
    lines.forEach(function (line) {
      var said = document.createElement("p");
      said.className = "message error";
      said.textContent = line;
      box.appendChild(said);
    });
    place.insertAdjacentElement(place.hasAttribute("data-htmx-status") ? "beforeend" : "afterend", box);
  }
  function answeredWords(xhr) {
    var body = xhr && typeof xhr.responseText === "string" ? xhr.responseText : "";
    if (!body || (xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") !== 0) {
      return [];
    }
    var answer = new DOMParser().parseFromString(body, "text/html");
    var heading = answer.querySelector("main h1");
    var first = heading ? heading.nextElementSibling : null;
    var lines = [];
    if (heading && heading.textContent.trim()) {
      lines.push(heading.textContent.trim());
    }
    if (first && first.tagName === "P" && first.textContent.trim()) {
      lines.push(first.textContent.trim());
    }
    return lines;
  }
  function notSentWords() {
    var main = document.getElementById("main");
    var words = main ? main.getAttribute("data-not-sent") : "";
    return words ? [words] : [];
  }
  document.body.addEventListener("htmx:responseError", function (event) {
    var detail = event.detail || {};
    var words = answeredWords(detail.xhr);
    sayNotDone(detail.elt, words.length ? words : notSentWords());
  });
  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      sayNotDone((event.detail || {}).elt, notSentWords());
    });
  });
  document.body.addEventListener("htmx:beforeRequest", function () {
    document.querySelectorAll("[data-htmx-failed]").forEach(function (old) {
      old.remove();
    });
  });

  // An htmx answer that replaces the part holding the pressed button (a bid answered, a
  // promise marked, an entry shared) would leave keyboard focus nowhere: it goes to the new
  // part of the same id instead, whose words (the answer, "Shared.") a screen reader reads.
  var focusedIn = "";
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    // The status line is emptied as an answer is asked for, so that the same words said
    // again ("Your answer was sent.") are a change a screen reader reads out again.
    document.querySelectorAll("main [role='status'][data-htmx-status]").forEach(function (line) {
      line.textContent = "";
    });
    var target = event.detail && event.detail.target;
    var holds = target && target.id && target.contains(document.activeElement);
    focusedIn = holds ? target.id : "";
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    // Once a step taken in place has said what it did, the messages of the page's last load
    // ("Your promise is written down.") are older news; they go, as a new page would drop them.
    if (document.querySelector("main [role='status'][data-htmx-status]:not(:empty)")) {
      document.querySelectorAll("main > .messages").forEach(function (old) {
        old.remove();
      });
    }
    var active = document.activeElement;
    // An answer may name where to go on to (a bid answered: the next one waiting, or the line
    // saying none is left), in place of the part of the same id, which may have moved away
    // (the answered bid, down in Recent: the keyboard audit of 2026-12-04, M1). Scrolled to.
    var next = document.querySelector("main [data-focus-next]");
    if (next && focusedIn && (!active || active === document.body)) {
      focusedIn = "";
      next.removeAttribute("data-focus-next");
      next.setAttribute("tabindex", "-1");
      next.focus({ preventScroll: true });
      next.scrollIntoView({ block: "center" });
      return;
    }
    var part = focusedIn ? document.getElementById(focusedIn) : null;
    if (!part || (active && active !== document.body)) {
      return;
    }
    focusedIn = "";
    if (!part.hasAttribute("tabindex")) {
      part.setAttribute("tabindex", "-1");
    }
    part.focus({ preventScroll: true });
  });

  // A page sent back with a mistake goes straight to the first field to mend, so its label
  // and its message (tied to it by aria-describedby) are what is read first.
  // A page reached after a form was sent ("Saved.", "Your partner will see it.") starts with the
  // words that say what happened; a status region filled before the page loads is not read, so
  // focus goes to it, as it would to a mistake. Shift+Tab still reaches the quick exit.
  // A mistake of the whole form (a password and address that do not match, a code that opens
  // nothing) has no field to go to: focus goes to its words, which a screen reader then reads
  // (an alert already on the page as it loads is not read: the keyboard audit of 2026-12-03).
  var mistaken = document.querySelector("main [aria-invalid='true']");
  var alerted = document.querySelector("main [role='alert']");
  var told = document.querySelector("main > .messages");
  // A question asked before a step that cannot be undone by her alone (the safety reset) is
  // where she starts, never its button: one Enter too many then does nothing.
  var asked = document.querySelector("main [data-question]");
  if (mistaken) {
    mistaken.focus();
  } else if (alerted) {
    alerted.setAttribute("tabindex", "-1");
    alerted.focus();
  } else if (asked) {
    asked.setAttribute("tabindex", "-1");
    asked.focus();
  } else if (told) {
    told.setAttribute("tabindex", "-1");
    told.focus({ preventScroll: true });
  } else if (document.querySelector("main [data-start-here]")) {
    // A page of a series (the inventory's next page after "Save and continue") starts where
    // the page's own part does: the keyboard walk pressed Tab 13 times per page to get there.
    document.querySelector("main [data-start-here]").focus({ preventScroll: true });
  }

  // On a private page (the journal, the check-in...), using the page (typing, a tap, a key,
  // scrolling) tells the server, at most once a minute, that she is still here, so that a long
  // entry is not met by the password page when it is saved. It never opens a page the
  // password must open (accounts/idle.py).
  //
  // Left alone, the page locks itself once the server's window has closed (its stamp is never
  // newer than her last use of the page): what it shows is hidden and the password page takes
  // its place in the history, so a phone left open on her journal does not stay readable (the
  // phone audit). Words she typed and did not send are sent, hidden, to meet the password page,
  // which keeps them for her (accounts/kept.py) as it does when she presses Save late.
  var stillHere = document.body.getAttribute("data-still-here");
  var idleSeconds = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
  var idleLock = document.body.getAttribute("data-idle-lock");
  var lastSaid = 0;
  var lastUsed = Date.now();
  var lockTimer = 0;
  var warnTimer = 0;
  // Set as the page locks itself: from then on nothing on it is her using it (see used).
  var locking = false;
  var warning = document.getElementById("idle-warning");
  function lockAfter() {
    return (idleSeconds + 5) * 1000;
  }
  // A minute before (half the window, when it is shorter than two), a line in an alert says so
  // and how to stay: read out by a screen reader, whose arrow keys never reach the page.
  function warnAfter() {
    return lockAfter() - Math.min(60000, lockAfter() / 2);
  }
  function warn() {
    if (!warning) {
      return;
    }
    if (Date.now() - lastUsed >= warnAfter()) {
      // An alert from the moment it is shown (not before: a page carrying one reads as a page
      // with a mistake on it), so a screen reader says it at once.
      warning.setAttribute("role", "alert");
      warning.hidden = false;
      warning.textContent = warning.getAttribute("data-words") || "";
    } else {
      warnTimer = window.setTimeout(warn, lastUsed + warnAfter() - Date.now());
    }
  }
  function unwarn() {
    if (warning && !warning.hidden) {
      warning.hidden = true;
      warning.removeAttribute("role");
      warning.textContent = "";
    }
  }
  function typedForm() {
    var fields = document.querySelectorAll("main form textarea, main form input[type=text]");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value && fields[i].value !== fields[i].defaultValue) {
        return fields[i].form;
      }
    }
    return null;
  }
  function lockNow() {
    var form = typedForm();
    locking = true;
    document.body.hidden = true;
    if (form && form.method.toLowerCase() === "post" && !form.hasAttribute("hx-post")) {
      // Marked, so that the server never carries it out, even when another tab keeps the
      // session fresh: it meets the password page, which keeps the words for her.
      var locked = document.createElement("input");
      locked.type = "hidden";
      locked.name = "_locked";
      locked.value = "1";
      form.appendChild(locked);
      form.requestSubmit(form.querySelector("button[type=submit], button:not([type])"));
    } else {
      window.location.replace(idleLock);
    }
  }
  // When this tab's private page went out of sight: set it (a time), or read it and take it
  // away (null). Nothing else is kept there.
  var AWAY_MARK = "interdepend-away";
  function awayMark(value) {
    try {
      if (value) {
        window.sessionStorage.setItem(AWAY_MARK, String(value));
        return value;
      }
      var found = parseInt(window.sessionStorage.getItem(AWAY_MARK) || "0", 10);
      window.sessionStorage.removeItem(AWAY_MARK);
      return found;
    } catch (e) {
      return 0;
    }
  }
  function awayTooLong(since) {
    var seconds = parseInt(
      document.documentElement.getAttribute("data-away-seconds") || "0", 10
    );
    return seconds > 0 && Date.now() - since > seconds * 1000;
  }
  // Hide the page, tell the server she stepped away, then go on (to the password page).
  function stepAway(then) {
    var address = document.body.getAttribute("data-stepped-away");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    locking = true;
    document.body.hidden = true;
    if (!address || !token) {
      then();
      return;
    }
    fetch(address, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token.value },
    }).then(then, then);
  }
  function lockLater() {
    window.clearTimeout(lockTimer);
    window.clearTimeout(warnTimer);
    lockTimer = window.setTimeout(lockIfLeft, lastUsed + lockAfter() - Date.now());
    warnTimer = window.setTimeout(warn, lastUsed + warnAfter() - Date.now());
  }
  function lockIfLeft() {
    if (Date.now() - lastUsed >= lockAfter()) {
      lockNow();
    } else {
      lockLater();
    }
  }
  // A press that goes to the server on its own (a link, a button that sends its form) or that
  // leaves (the quick exit's keys and button) says nothing more: sent at the same moment, the
  // two are answered at once, and the server could save the session back over what the press
  // did (the exit's lock, a step that asks for the password, words kept for it). Esc pressed as
  // the first key after a minute of reading sent both together.
  function speaksForItself(event) {
    var keys = exitKeys();
    if (event.key === "Escape") {
      return keys !== "none";
    }
    if (event.key === "Shift") {
      return keys === "esc-shift";
    }
    // A tap, a click, or the keys that press what has the focus (Tab and the arrows still tell).
    var pressed = event.type === "pointerdown" || event.type === "click" ||
      event.key === "Enter" || event.key === " ";
    var target = event.target;
    return pressed && target instanceof Element && target.closest(
      "#quick-exit, a[href], button:not([type=button]), input[type=submit]"
    ) !== null;
  }
  function used(event) {
    // A page locking itself is not in use. Hiding what it shows takes a page read further down
    // back to its top, and that scroll told the server she was still here, beside the page's
    // own word that she had stepped away: answered at the same moment, the still-here report
    // could save the session back open (Django saves a session whole), and a reload, Back or a
    // new tab would then show her journal without the password.
    if (locking) {
      return;
    }
    lastUsed = Date.now();
    if (warning && !warning.hidden) {
      unwarn();
      lockLater();
    }
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!token || Date.now() - lastSaid < 60000 || speaksForItself(event)) {
      return;
    }
    lastSaid = Date.now();
    fetch(stillHere, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token.value },
    }).then(endedIfSent, function () { /* quietly: the page works without it */ });
  }
  if (stillHere) {
    // A click too: a screen reader reading the page (NVDA's or JAWS's browse mode, VoiceOver's
    // double tap) keeps the keys it reads with, and Enter or Space there reaches the page as a
    // click alone, with no key or pointer before it. Pressed as the warning asked, they left
    // her locked out a minute later (the assistive walk of 2026-12-04).
    ["input", "keydown", "pointerdown", "click", "scroll"].forEach(function (kind) {
      document.addEventListener(kind, used, { passive: true, capture: true });
    });
    if (idleSeconds > 0 && idleLock) {
      lockLater();
      // A phone asleep runs no timers: on waking, the page looks at the clock first. Out of
      // sight longer than the root's data-away-seconds (her phone locked, another app in front), the page
      // locks at once as it is seen again, and tells the server, so that Back and every other
      // tab ask for the password too (accounts/idle.py, stepped_away; the phone audit of
      // 2026-12-04, M3). The moment it went out of sight waits in this tab's session storage,
      // so a page the phone dropped meanwhile and loads again does the same (guard.js).
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") {
          awayMark(Date.now());
          return;
        }
        var since = awayMark(null);
        if (since && awayTooLong(since)) {
          stepAway(lockNow);
        } else {
          lockIfLeft();
        }
      });
    }
  }

  // Every signed-in page tells the server as it goes out of sight without leaving (her phone
  // locked, another app or tab in front), and again as it is seen: the server keeps the time
  // and decides whether she was away too long, for every tab and page, a new tab too
  // (accounts/idle.py, back; the security audit of 2026-12-04, M1). Leaving the page (a link,
  // Back) says nothing: the browser fires pagehide before the page goes out of sight then.
  var awayAddress = document.body.getAttribute("data-stepped-away");
  var leaving = false;
  function tellAway(state, onLocked) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!awayAddress || !token) {
      return;
    }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    data.append("state", state);
    if (state === "hidden" && navigator.sendBeacon && navigator.sendBeacon(awayAddress, data)) {
      return;
    }
    fetch(awayAddress, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: state === "hidden",
    })
      .then(function (answer) {
        if (endedIfSent(answer)) {
          return null;
        }
        return state === "visible" && answer.ok ? answer.json() : null;
      })
      .then(function (said) {
        if (said && said.locked && onLocked) {
          onLocked();
        }
      })
      .catch(function () { /* quietly: the page's own clock still locks it */ });
  }
  if (awayAddress) {
    window.addEventListener("pagehide", function () { leaving = true; });
    window.addEventListener("pageshow", function () { leaving = false; });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        if (!leaving) {
          tellAway("hidden", null);
        }
        return;
      }
      // The page's own clock already locked it (its handler, above, ran first): the server is
      // being told, and a second request at once could write the session back as it was.
      if (document.body.hidden) {
        return;
      }
      // A private page locks at once when the server says so; another page has nothing to hide
      // and its next private page asks for the password.
      tellAway("visible", stillHere && idleLock ? function () {
        if (!document.body.hidden) {
          stepAway(lockNow);
        }
      } : null);
    });
  }

  // A part that matters only when a box is ticked (the password beside "Share this check-in")
  // is hidden while it is not; without this script it is always there.
  var shownWith = document.querySelectorAll("[data-shown-with]");
  Array.prototype.forEach.call(shownWith, function (part) {
    var box = document.getElementById(part.getAttribute("data-shown-with"));
    if (!box) {
      return;
    }
    var sync = function () { part.hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  });

  // Changing the language opens the page again in the new one: words typed on it and not sent
  // would go (the phone walk lost a half-written form this way), so she is asked first.
  var chooser = document.querySelector("form.language-choice");
  if (chooser) {
    chooser.addEventListener("submit", function (event) {
      if (typedForm() && !window.confirm(chooser.getAttribute("data-unsaved"))) {
        event.preventDefault();
      }
    });
  }

  // The service worker keeps only our static files and the offline pages (see frame/sw.js).
  // Browsers allow one only on HTTPS or this machine; anywhere else, or on any failure, the
  // site simply works without it. Its address is the same on every page, so nothing here ever
  // makes the browser install another; the page then tells it which offline page is the
  // reader's (her look and language; a signed-in person's page says it is her own choice).
  var worker = document.body.getAttribute("data-service-worker");
  var offline = document.body.getAttribute("data-offline");
  function nameOffline(active) {
    if (offline && active) {
      active.postMessage({
        offline: offline,
        chosen: document.body.hasAttribute("data-offline-chosen")
      });
    }
  }
  if (worker && window.isSecureContext && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker, { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) { nameOffline(registration.active); })
      .catch(function () { /* quietly */ });
    // A new worker taking over (the first page after an upgrade, when the one of an earlier
    // release was still in charge and was told instead) is told too.
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      nameOffline(navigator.serviceWorker.controller);
    });
  }

  // Pages restored from the back-forward cache are reloaded so nothing stale is shown (after a
  // quick exit the server then answers with its lock page).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.body.innerHTML = "";
      window.location.reload();
    }
  });
})();
