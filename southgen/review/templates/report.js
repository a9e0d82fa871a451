// Progressive enhancement only: the filters work without it (CSS radios).
(function () {
  var shown = document.getElementById("shown");
  var cards = document.querySelectorAll("main .card");
  function count() {
    var visible = 0;
    for (var i = 0; i < cards.length; i++) {
      if (cards[i].offsetParent !== null) visible++;
    }
    shown.textContent = visible + " of " + cards.length + " cards shown";
  }
  function reveal() {
    // A link to an ok migration: open the list holding it.
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.closest) {
      var details = target.closest("details");
      if (details) { details.open = true; target.scrollIntoView(); }
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target.classList.contains("f")) count();
  });
  window.addEventListener("hashchange", reveal);
  count();
  reveal();
})();
