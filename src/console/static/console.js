// The review queue's keys: a approve, r reject, l relabel (focus the
// intent field), 1-9 relabel as a suggestion, s skip. Keys typed into a
// field are the field's; Esc leaves it. Every key is also a button.
(function () {
  "use strict";
  function click(id) {
    var el = document.getElementById(id);
    if (el) { el.click(); return true; }
    return false;
  }
  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("review")) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    var handled = false;
    switch (event.key) {
      case "a": handled = click("approve"); break;
      case "r": handled = click("reject"); break;
      case "s": handled = click("skip"); break;
      case "l": {
        var intent = document.getElementById("intent");
        if (intent) { intent.focus(); handled = true; }
        break;
      }
      default:
        if (/^[1-9]$/.test(event.key)) {
          var button = document.querySelector('button[data-key="' + event.key + '"]');
          if (button) { button.click(); handled = true; }
        }
    }
    if (handled) { event.preventDefault(); }
  });
})();
