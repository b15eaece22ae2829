// Notifications on this device (the account page only). Nothing is asked of the browser until
// the person presses the button; then it asks for permission, subscribes with our server's
// public key and hands the subscription to the server. Every outcome is told in plain words.
(function () {
  "use strict";

  var section = document.getElementById("push");
  if (!section) {
    return;
  }
  var status = document.getElementById("push-status");
  var onButton = document.getElementById("push-on");
  var offButton = document.getElementById("push-off");
  var form = document.getElementById("push-choices");
  var passwordRow = document.getElementById("push-password-row");
  var password = document.getElementById("push-password");

  // The words come with the page, in the person's language (data-word-* on the section).
  function word(name) {
    return section.getAttribute("data-word-" + name) || "";
  }
  var WORDS = {
    cannot: word("cannot"),
    on: word("on"),
    off: word("off"),
    blocked: word("blocked"),
    notAllowed: word("not-allowed"),
    unreachable: word("unreachable"),
    server: word("server"),
    working: word("working"),
    password: word("password")
  };

  function say(text) {
    status.textContent = text;
  }

  // The button just pressed hides as the other shows: the focus it held went to the page
  // itself, and a keyboard or a screen reader started again from the top (the keyboard audit
  // of 2026-12-05). It goes on to the button shown in its place.
  function show(on) {
    var pressed = document.activeElement;
    onButton.hidden = on;
    offButton.hidden = !on;
    passwordRow.hidden = on;
    if (pressed === onButton || pressed === offButton || passwordRow.contains(pressed)) {
      if (pressed !== (on ? offButton : onButton)) {
        (on ? offButton : onButton).focus();
      }
    }
  }

  // The server's key comes as base64url text; the browser wants its bytes.
  function keyBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function post(url, fields) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    Object.keys(fields).forEach(function (name) { data.append(name, fields[name]); });
    return fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (answer) {
          return {
            ok: response.ok, status: response.status, message: answer.message || WORDS.server,
            confirm: answer.confirm
          };
        });
      });
  }

  // A browser whose push service cannot be reached may wait for ever; we say so instead.
  var SUBSCRIBE_WAIT_MS = 10000;

  function withinTime(promise) {
    return new Promise(function (resolve, reject) {
      var timer = window.setTimeout(function () { reject(new Error("timeout")); }, SUBSCRIBE_WAIT_MS);
      promise.then(function (value) {
        window.clearTimeout(timer);
        resolve(value);
      }, function (error) {
        window.clearTimeout(timer);
        reject(error);
      });
    });
  }

  function registration() {
    return navigator.serviceWorker.ready;
  }

  function turnOn() {
    // Her password, typed beside the button each time, before the browser asks anything.
    var typed = password.value;
    if (!typed) {
      say(WORDS.password);
      password.focus();
      return;
    }
    password.value = "";
    say(WORDS.working);
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say(permission === "denied" ? WORDS.blocked : WORDS.notAllowed);
        return null;
      }
      return registration().then(function (reg) {
        var asked = { userVisibleOnly: true, applicationServerKey: keyBytes(section.getAttribute("data-key")) };
        var asking = reg.pushManager.subscribe(asked);
        return withinTime(asking).then(function (subscription) {
          var json = subscription.toJSON();
          var fields = {
            endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth, password: typed
          };
          return post(section.getAttribute("data-on"), fields).then(function (answer) {
            say(answer.message);
            if (answer.ok) {
              show(true);
              return null;
            }
            return subscription.unsubscribe().then(function () {
              // Signed out after too many wrong passwords: the sign-in page.
              if (answer.confirm) {
                window.location.assign(answer.confirm);
              } else if (answer.status === 403) {
                password.focus();
              }
            });
          });
        }, function () {
          say(WORDS.unreachable);
          // If the answer comes after all, undo it: the server was never told of it.
          asking.then(function (late) { return late.unsubscribe(); }).catch(function () {});
        });
      });
    }).catch(function () { say(WORDS.server); });
  }

  function turnOff() {
    say(WORDS.working);
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) {
        say(WORDS.off);
        show(false);
        return null;
      }
      return post(section.getAttribute("data-off"), { endpoint: subscription.endpoint })
        .then(function (answer) {
          return subscription.unsubscribe().then(function () {
            say(answer.message);
            show(false);
          });
        });
    }).catch(function () { say(WORDS.server); });
  }

  var able = window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window &&
    "Notification" in window;
  if (!able) {
    say(WORDS.cannot);
    return;
  }
  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
  registration().then(function (reg) {
    return reg.pushManager.getSubscription();
  }).then(function (subscription) {
    // The server keeps none for this sign-in (after a quick exit, or a sign-out): the
    // browser's own is left over, so it goes too, and the page says they are off.
    if (subscription && section.getAttribute("data-here") !== "yes") {
      return subscription.unsubscribe().then(function () { return null; });
    }
    return subscription;
  }).then(function (subscription) {
    if (subscription) {
      say(WORDS.on);
      show(true);
    } else {
      say(Notification.permission === "denied" ? WORDS.blocked : WORDS.off);
      show(false);
    }
  }).catch(function () { say(WORDS.cannot); });
})();
