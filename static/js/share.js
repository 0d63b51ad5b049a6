// Progressive enhancement: show a native "Share…" button where the Web Share API exists.
(function () {
  if (!navigator.share) return;
  document.querySelectorAll(".share-native").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(function () {});
    });
  });
})();
