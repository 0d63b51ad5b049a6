// The phone booking in admin: what the clinician has typed about the patient, and the time they chose, outlive
// the page loads in between (another day, "Show" times outside the rules, "Find" a returning patient). Kept in
// this tab's sessionStorage only, for 20 minutes, and dropped when the booking is sent; a page that brings them
// back says so, with a button to clear them, so one caller's details are never taken for the next one's. The
// consent box is never carried over.
(function () {
  var form = document.querySelector("form.phone-booking[method=post]");
  var notice = document.getElementById("carried-over");
  if (!form || !notice || !window.sessionStorage) return;
  var KEY = "restore-phone-booking";
  var KEEP_MS = 20 * 60 * 1000;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      // Not the consent: each caller agrees for themselves.
      return el.name && el.type !== "submit" && el.type !== "hidden" && el.name !== "consent";
    });
  }

  function save() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "radio") { if (el.checked) values[el.name] = el.value; }
      else if (el.type === "checkbox") values[el.name] = el.checked;
      else values[el.name] = el.value;
    });
    try { sessionStorage.setItem(KEY, JSON.stringify({ at: Date.now(), values: values })); } catch (e) { /* full or off */ }
  }

  function saved() {
    try {
      var data = JSON.parse(sessionStorage.getItem(KEY) || "null");
      return data && Date.now() - data.at < KEEP_MS ? data.values : null;
    } catch (e) { return null; }
  }

  // Put back only what the page left empty: details the server filled (a returning patient, a refused booking)
  // win over what was typed before, and a time already checked stays checked.
  var values = saved(), restored = [];
  if (values) {
    fields().forEach(function (el) {
      if (!(el.name in values)) return;
      var value = values[el.name];
      if (el.type === "radio") {
        var taken = el.name === "slot" && form.querySelector("input[name=slot]:checked");
        if (el.value === value && !el.checked && !taken) { el.checked = true; restored.push(el); }
      } else if (el.type === "checkbox") {
        if (value && !el.checked) { el.checked = true; restored.push(el); }
      } else if (!el.value && value) {
        el.value = value;
        restored.push(el);
      }
    });
  }
  if (restored.length) {
    notice.hidden = false;
    notice.querySelector("button").addEventListener("click", function () {
      restored.forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") {
          form.querySelectorAll('input[name="' + el.name + '"]').forEach(function (r) { r.checked = r.defaultChecked; });
        } else el.value = el.defaultValue;
      });
      notice.hidden = true;
      save();
      var name = form.querySelector("[name=patient_name]");
      if (name) name.focus();
    });
  }
  save();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function () { sessionStorage.removeItem(KEY); });
})();
