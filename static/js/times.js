// Booking step 3, enhanced: choosing a day fetches its free times from the availability JSON and redraws them in
// place (no page load), the suggested ones first; "Show all N times" then lists the rest in place. The Continue
// button stays in view. The week links stay ordinary links. Without this script every day and "Show all times"
// is a normal link.
(function () {
  var nav = document.querySelector("[data-availability]");
  var form = document.querySelector("form.slot-form");
  var heading = document.getElementById("times-title");
  if (!nav || !form || !heading || !window.fetch) return;
  form.classList.add("is-enhanced");
  var shown = null; // the day last fetched

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function fetchDay(date) {
    var url = nav.dataset.availability + "?service=" + encodeURIComponent(nav.dataset.service) + "&date=" + date;
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); });
  }

  function draw(data, all) {
    shown = data;
    var checked = form.querySelector("input[name=slot]:checked");
    var keep = checked ? checked.value : null;
    heading.textContent = "Times on " + data.label;
    form.querySelectorAll(".slot-group, .no-slots, .field-error, .more-times").forEach(function (node) { node.remove(); });
    document.querySelectorAll(".error-summary").forEach(function (node) { node.remove(); });
    var date = form.querySelector("input[name=date]");
    if (date) date.value = data.date;
    var allInput = form.querySelector("input[name=all]");
    if (all && !allInput) form.appendChild(el("input", { type: "hidden", name: "all", value: "1" }));
    if (!all && allInput) allInput.remove();
    var actions = form.querySelector(".slot-actions");
    var groups = {};
    var offered = 0;
    data.slots.forEach(function (slot, index) {
      if (!all && !slot.suggested && slot.value !== keep) return; // the time already chosen stays in view
      offered += 1;
      if (!groups[slot.part]) {
        var fieldset = el("fieldset", { class: "slot-group" });
        fieldset.appendChild(el("legend", {}, slot.part));
        groups[slot.part] = fieldset.appendChild(el("div", { class: "slots" }));
        form.insertBefore(fieldset, actions);
      }
      var cell = el("div", { class: "slot" });
      var radio = cell.appendChild(el("input", { type: "radio", name: "slot", id: "id_slot_" + index, value: slot.value, class: "choice-input" }));
      radio.checked = slot.value === keep;
      var label = cell.appendChild(el("label", { for: "id_slot_" + index }, slot.time));
      label.appendChild(el("span", { class: "visually-hidden" }, " to " + slot.to + " on " + data.label));
      groups[slot.part].appendChild(cell);
    });
    if (offered < data.slots.length) {
      var more = el("p", { class: "more-times" });
      more.appendChild(el("a", { class: "show-all", href: "?date=" + data.date + "&all=1#times-title" }, "Show all " + data.slots.length + " times"));
      form.insertBefore(more, actions);
    }
    if (!data.slots.length) form.insertBefore(el("p", { class: "no-slots" }, "No free times on this day. Choose another day above."), actions);
    actions.hidden = !data.slots.length;
    history.replaceState(null, "", "?date=" + data.date + (all ? "&all=1" : ""));
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  function modified(event) { return event.metaKey || event.ctrlKey || event.shiftKey; }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a.day");
    if (!link || modified(event)) return;
    event.preventDefault();
    fetchDay(new URL(link.href).searchParams.get("date"))
      .then(function (data) {
        nav.querySelectorAll("a.day").forEach(function (day) {
          var chosen = day === link;
          day.classList.toggle("is-selected", chosen);
          if (chosen) day.setAttribute("aria-current", "date"); else day.removeAttribute("aria-current");
        });
        draw(data, false);
      })
      .catch(function () { window.location.href = link.href; });
  });

  form.addEventListener("click", function (event) {
    var link = event.target.closest("a.show-all");
    if (!link || modified(event)) return;
    event.preventDefault();
    var date = new URL(link.href).searchParams.get("date");
    (shown && shown.date === date ? Promise.resolve(shown) : fetchDay(date))
      .then(function (data) { draw(data, true); })
      .catch(function () { window.location.href = link.href; });
  });
})();
