// The first script of every page, run before anything is drawn (the page's head loads it
// without waiting). After a quick exit the page she left must never show again, even when a
// Back reaches the server before the exit's lock does: the lock goes as a beacon while the
// page leaves, and on a heavily loaded server the Back can overtake it (seen once, 2026-12-03).
// The exit leaves a mark in this tab's session storage (it holds nothing else of anyone, and
// the lock's answer clears the site's storage). A page that finds the mark stays hidden, locks
// the session itself and asks again, so the server answers with its lock page, which takes the
// mark away; so does any page with nothing to lock (signed out). No inline scripts (the CSP).
(function () {
  "use strict";

  var MARK = "interdepend-exit";
  var AWAY = "interdepend-away";
  var root = document.documentElement;

  function marked() {
    try {
      return window.sessionStorage.getItem(MARK) !== null;
    } catch (e) {
      return false;
    }
  }

  // A private page that went out of sight leaves the moment in this tab (js/interdepend.js).
  // A page of this tab loaded soon after (she went to another page) takes it away; loaded long
  // after (the phone dropped the page while locked and loads it again as it wakes, or Back
  // much later), it stays hidden, tells the server she stepped away and loads again, so the
  // server asks for the password first (the phone audit of 2026-12-04, M3).
  function awayCheck() {
    var at = 0;
    try {
      at = parseInt(window.sessionStorage.getItem(AWAY) || "0", 10);
      window.sessionStorage.removeItem(AWAY);
    } catch (e) {
      return;
    }
    // Decided before anything is drawn (the root carries the setting on a signed-in page): a
    // page hidden for nothing would take the focus its script gives away from it.
    var seconds = parseInt(root.getAttribute("data-away-seconds") || "0", 10);
    if (!at || !seconds || Date.now() - at <= seconds * 1000) {
      return;
    }
    root.style.visibility = "hidden";
    document.addEventListener("DOMContentLoaded", function () {
      var body = document.body;
      var address = body.getAttribute("data-stepped-away");
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      if (!address || !token) {
        root.style.visibility = "";
        return;
      }
      var again = function () {
        if (body.hasAttribute("data-still-here")) {
          body.innerHTML = "";
          window.location.reload();
        } else {
          root.style.visibility = "";
        }
      };
      fetch(address, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
      }).then(again, again);
    });
  }

  function unmark() {
    try {
      window.sessionStorage.removeItem(MARK);
    } catch (e) { /* nothing kept */ }
  }

  if (!marked()) {
    awayCheck();
    return;
  }
  root.style.visibility = "hidden";

  function show() {
    unmark();
    root.style.visibility = "";
  }

  // Without the lock the page cannot be shown: off to the neutral site, the mark kept, so the
  // next page of this tab tries again.
  function away() {
    var target = document.body.getAttribute("data-quick-exit") || "about:blank";
    document.body.innerHTML = "";
    window.location.replace(target);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("quick-exit-form");
    if (document.body.hasAttribute("data-locked") || !form) {
      show();
      return;
    }
    var data = new FormData(form);
    data.append("beacon", "1");
    document.body.innerHTML = "";
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (answer) {
        if (answer.ok) {
          window.location.reload();
        } else {
          away();
        }
      })
      .catch(away);
  });
})();
