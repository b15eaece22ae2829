// Talking it through: one step at a time, and a quiet timer for each speaking turn.
// Without scripts the steps are a plain numbered list and each timer states its minutes.
(function () {
  "use strict";

  function clock(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setupTimer(box) {
    var total = parseInt(box.getAttribute("data-timer"), 10) || 0;
    var face = box.querySelector("[data-timer-clock]");
    var done = box.querySelector("[data-timer-done]");
    var button = box.querySelector("[data-timer-start]");
    if (!total || !face || !button) {
      return null;
    }
    var left = total;
    var ticking = null;
    face.setAttribute("aria-live", "off");
    face.setAttribute("role", "timer");
    face.textContent = clock(left);
    button.hidden = false;
    // Said once when the turn ends: a polite status there from the start (a region that
    // appears with its words is often not read), the clock itself stays quiet.
    var said = document.createElement("p");
    said.className = "visually-hidden";
    said.setAttribute("role", "status");
    box.appendChild(said);

    function stop() {
      if (ticking !== null) {
        window.clearInterval(ticking);
        ticking = null;
      }
      button.textContent = button.getAttribute("data-start-label");
    }

    function tick() {
      left -= 1;
      face.textContent = clock(Math.max(left, 0));
      if (left <= 0) {
        stop(); // the button stays where the focus may be, and starts a new turn
        if (done) {
          done.hidden = false;
          said.textContent = done.textContent;
        }
      }
    }

    button.addEventListener("click", function () {
      if (ticking !== null) {
        stop();
        return;
      }
      if (left <= 0) {
        left = total;
        if (done) {
          done.hidden = true;
          said.textContent = "";
        }
      }
      ticking = window.setInterval(tick, 1000);
      button.textContent = button.getAttribute("data-pause-label");
    });
    return stop;
  }

  function setup(list) {
    var steps = Array.prototype.slice.call(list.querySelectorAll(".conversation-step"));
    if (!steps.length) {
      return;
    }
    var stops = [];
    list.querySelectorAll("[data-timer]").forEach(function (box) {
      var stop = setupTimer(box);
      if (stop) {
        stops.push(stop);
      }
    });

    function show(index, focus) {
      stops.forEach(function (stop) {
        stop();
      });
      steps.forEach(function (step, n) {
        step.hidden = n !== index;
      });
      var heading = steps[index].querySelector("h2");
      if (heading && focus) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }

    list.addEventListener("click", function (event) {
      var target = event.target;
      var link = target instanceof Element ? target.closest("[data-step-next], [data-step-back]") : null;
      if (!link) {
        return;
      }
      event.preventDefault();
      var here = steps.indexOf(link.closest(".conversation-step"));
      var next = link.hasAttribute("data-step-next") ? here + 1 : here - 1;
      if (next >= 0 && next < steps.length) {
        show(next, true);
      }
    });
    show(0, false);
  }

  document.querySelectorAll("[data-conversation]").forEach(setup);
})();
