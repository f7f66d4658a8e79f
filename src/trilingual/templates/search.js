// The search box of every page: Pagefind's UI over the index of the page's language (Pagefind
// picks it from <html lang>). The index is split into one bundle per edition
// (pagefind/shards.js lists them, newest first), merged here. Copied to assets/search.js.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var shards = window.trilingualSearch || [];
  if (!box || typeof PagefindUI === "undefined" || !shards.length) {
    return;
  }
  // absolute: Pagefind resolves merged bundles from its own script's folder
  var root = new URL(box.getAttribute("data-bundle"), document.baseURI).href;
  new PagefindUI({
    element: "#search",
    bundlePath: root + shards[0] + "/",
    mergeIndex: shards.slice(1).map(function (shard) {
      return { bundlePath: root + shard + "/" };
    }),
    translations: JSON.parse(box.getAttribute("data-translations") || "{}"),
    showImages: false,
    showSubResults: false,
    resetStyles: false
  });
})();
