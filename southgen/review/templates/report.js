// Progressive enhancement only: the filters work without it (CSS radios).
(function () {
  var shown = document.getElementById("shown");
  var total = document.querySelectorAll("main .card").length;
  function count() {
    // From the filters' state, not from layout: no reflow of thousands of cards.
    var selector = "main .card";
    var checked = document.querySelectorAll("input.f:checked");
    for (var i = 0; i < checked.length; i++) {
      var id = checked[i].id;
      if (/^fa\d+$/.test(id)) selector += ".a" + id.slice(2);
      else if (/^f[or]-/.test(id) && !/-all$/.test(id)) {
        selector += "." + id.charAt(1) + "-" + id.slice(3);
      }
    }
    var visible = document.querySelectorAll(selector).length;
    shown.textContent = visible + " of " + total + " cards shown";
  }
  function reveal() {
    // A link to an ok migration: open the list holding it.
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.closest) {
      var details = target.closest("details");
      if (details && !details.open) { details.open = true; target.scrollIntoView(); }
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target.classList.contains("f")) count();
  });
  window.addEventListener("hashchange", reveal);
  count();
  reveal();
})();
