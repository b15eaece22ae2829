// The device's time zone, as its browser names it (an IANA name such as "Europe/Madrid").
// Sign-up and sign-in forms carry it in a hidden field (data-device-zone), so a new person's
// days and weeks are their own from the start; the account page offers it when the zone kept
// there is another one. Nothing is sent unless the person sends the form.
(function () {
  "use strict";

  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  if (/^(Etc\/(UTC|UCT|GMT|Universal|Zulu)|GMT)$/.test(zone)) {
    zone = "UTC";
  }
  document.querySelectorAll("input[data-device-zone]").forEach(function (input) {
    input.value = zone;
  });

  var offer = document.getElementById("device-zone");
  var select = document.getElementById("id_time_zone");
  if (!offer || !select || select.value === zone) {
    return;
  }
  var known = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!known) {
    return;
  }
  offer.querySelector("span").textContent =
    offer.getAttribute("data-says") + " " + zone.replace(/_/g, " ") + ".";
  offer.hidden = false;
  offer.querySelector("button").addEventListener("click", function () {
    select.value = zone;
    offer.hidden = true;
    select.focus();
  });
})();
