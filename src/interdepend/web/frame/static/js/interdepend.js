// Interdepend's only script of our own. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";

  // Quick exit: replace this page in the history with a neutral site, so Back cannot return.
  function quickExit() {
    var target = document.body.getAttribute("data-quick-exit") || "about:blank";
    try {
      document.body.innerHTML = "";
      document.title = "";
      window.sessionStorage.clear();
    } catch (e) { /* keep going: leaving matters more */ }
    window.location.replace(target);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) {
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
        copy.textContent = copy.getAttribute("data-copied") || "Copied";
      }
    }
  });

  // Pages restored from the back-forward cache are reloaded so nothing stale is shown.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });
})();
