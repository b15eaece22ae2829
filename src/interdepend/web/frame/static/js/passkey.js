// Passkeys (the two-step page, the second step of signing in, "confirm it is you"). A form
// marked data-passkey="create" or "get" asks our server for options (JSON), hands them to the
// browser's passkey support, and sends the answer back in the form's hidden field. Nothing
// happens until the person presses the button; every outcome is said in the page's own words
// (the data-* of #passkey-words, translated by the server).
(function () {
  "use strict";

  var wordsElement = document.getElementById("passkey-words");
  var forms = document.querySelectorAll("form[data-passkey]");
  if (!wordsElement || !forms.length) {
    return;
  }

  function words(name) {
    return wordsElement.getAttribute("data-" + name) || "";
  }

  // base64url text (what the server sends) to bytes, and back.
  function bytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      out[i] = raw.charCodeAt(i);
    }
    return out.buffer;
  }

  function text(buffer) {
    if (!buffer) {
      return null;
    }
    var view = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < view.length; i += 1) {
      raw += String.fromCharCode(view[i]);
    }
    return window.btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: bytes(item.id), transports: item.transports };
    });
  }

  function createOptions(options) {
    options.challenge = bytes(options.challenge);
    options.user.id = bytes(options.user.id);
    options.excludeCredentials = withIds(options.excludeCredentials);
    return options;
  }

  function getOptions(options) {
    options.challenge = bytes(options.challenge);
    options.allowCredentials = withIds(options.allowCredentials);
    return options;
  }

  // The authenticator's answer as the JSON the server's WebAuthn library reads.
  function answerOf(credential) {
    var response = credential.response;
    var out = {
      id: credential.id,
      rawId: text(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: text(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      out.response.attestationObject = text(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = text(response.authenticatorData);
      out.response.signature = text(response.signature);
      out.response.userHandle = text(response.userHandle);
    }
    return JSON.stringify(out);
  }

  function trouble(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "AbortError") {
      return words("cancelled");
    }
    if (name === "InvalidStateError") {
      return words("known");
    }
    if (name === "SecurityError") {
      return words("address");
    }
    return words("failed");
  }

  function start(form, event) {
    var kind = form.getAttribute("data-passkey");
    var status = form.querySelector(".passkey-status");
    var answer = form.querySelector("[data-passkey-answer]");
    var name = form.elements.name;
    var say = function (message) {
      if (status) {
        status.textContent = message;
      }
    };
    if (kind === "create" && name && !name.value.trim()) {
      return; // the server asks for a name, in its words
    }
    event.preventDefault();
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say(words("unsupported"));
      return;
    }
    say(words("working"));
    fetch(form.getAttribute("data-options"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin"
    }).then(function (response) {
      if (response.redirected) { // sent to "confirm it is you" first
        window.location.assign(response.url);
        return null;
      }
      return response.json().then(function (data) {
        if (!response.ok) {
          if (data.confirm || data.restart) {
            window.location.assign(data.confirm || data.restart);
            return null;
          }
          say(data.message || words("server"));
          return null;
        }
        if (kind === "create") {
          return navigator.credentials.create({ publicKey: createOptions(data) });
        }
        return navigator.credentials.get({ publicKey: getOptions(data) });
      }, function () {
        say(words("server"));
        return null;
      });
    }, function () {
      say(words("server"));
      return null;
    }).then(function (credential) {
      if (!credential) {
        return;
      }
      answer.value = answerOf(credential);
      form.submit();
    }, function (error) {
      say(trouble(error));
    });
  }

  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      start(form, event);
    });
  });
}());
