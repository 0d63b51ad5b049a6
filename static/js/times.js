// Booking step 3, enhanced: choosing a day fetches its free times from the availability JSON and redraws them in
// place (no page load); the Continue button stays in view. Without this script every day is a normal link.
(function () {
  var nav = document.querySelector("[data-availability]");
  var form = document.querySelector("form.slot-form");
  var heading = document.getElementById("times-title");
  if (!nav || !form || !heading || !window.fetch) return;
  form.classList.add("is-enhanced");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function draw(data) {
    heading.textContent = "Times on " + data.label;
    form.querySelectorAll(".slot-group, .no-slots, .field-error").forEach(function (node) { node.remove(); });
    document.querySelectorAll(".error-summary").forEach(function (node) { node.remove(); });
    var date = form.querySelector("input[name=date]");
    if (date) date.value = data.date;
    var actions = form.querySelector(".slot-actions");
    var groups = {};
    data.slots.forEach(function (slot, index) {
      if (!groups[slot.part]) {
        var fieldset = el("fieldset", { class: "slot-group" });
        fieldset.appendChild(el("legend", {}, slot.part));
        groups[slot.part] = fieldset.appendChild(el("div", { class: "slots" }));
        form.insertBefore(fieldset, actions);
      }
      var cell = el("div", { class: "slot" });
      cell.appendChild(el("input", { type: "radio", name: "slot", id: "id_slot_" + index, value: slot.value, class: "choice-input" }));
      var label = cell.appendChild(el("label", { for: "id_slot_" + index }, slot.time));
      label.appendChild(el("span", { class: "visually-hidden" }, " to " + slot.to + " on " + data.label));
      groups[slot.part].appendChild(cell);
    });
    if (!data.slots.length) form.insertBefore(el("p", { class: "no-slots" }, "No free times on this day. Choose another day above."), actions);
    actions.hidden = !data.slots.length;
  }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a.day");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    var date = new URL(link.href).searchParams.get("date");
    var url = nav.dataset.availability + "?service=" + encodeURIComponent(nav.dataset.service) + "&date=" + date;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        nav.querySelectorAll("a.day").forEach(function (day) {
          var chosen = day === link;
          day.classList.toggle("is-selected", chosen);
          if (chosen) day.setAttribute("aria-current", "date"); else day.removeAttribute("aria-current");
        });
        draw(data);
        history.replaceState(null, "", "?date=" + date);
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      })
      .catch(function () { window.location.href = link.href; });
  });
})();
