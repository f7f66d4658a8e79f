// The search box of every page: Pagefind's UI over the index of the page's language
// (Pagefind picks it from <html lang>). Built by `trilingual release` into assets/search.js.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  new PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    translations: JSON.parse(box.getAttribute("data-translations") || "{}"),
    showImages: false,
    showSubResults: false,
    resetStyles: false
  });
})();
