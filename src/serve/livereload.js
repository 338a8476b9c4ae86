// folio serve: reloads the page when a rebuild finishes, swaps stylesheets
// when only CSS changed, keeps the scroll position, and reconnects when the
// server restarts. Injected only into pages served by `folio serve`.
(function () {
  "use strict";
  var key = "folio-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10) || 0;
    var restore = function () { window.scrollTo(0, y); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("folio", String(Date.now()));
      links[i].href = url.pathname + url.search;
    }
  }

  // The build this page was served from: a rebuild that finished before
  // the event stream opened is announced only by a higher number in "hello".
  var script = document.currentScript;
  var pageBuild = script ? parseInt(script.getAttribute("data-build"), 10) || 0 : 0;
  var lost = false;
  function connect() {
    var source = new EventSource("/__folio/events");
    source.addEventListener("hello", function (e) {
      // Back after a restart, or a rebuild since this page was served.
      if (lost || (parseInt(e.data, 10) || 0) > pageBuild) reload();
    });
    source.addEventListener("reload", reload);
    source.addEventListener("css", swapStylesheets);
    source.onerror = function () {
      lost = true;
      source.close();
      setTimeout(connect, 1000);
    };
  }
  connect();
})();
