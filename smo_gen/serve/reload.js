// smo-gen serve: live reload. Injected into pages while serving; never written into the site.
(() => {
  "use strict";
  const script = document.currentScript;
  let generation = script ? script.dataset.generation : undefined;
  const OVERLAY_ID = "smo-gen-overlay";

  function hideOverlay() {
    const host = document.getElementById(OVERLAY_ID);
    if (host) host.remove();
  }

  function showOverlay(markup) {
    let host = document.getElementById(OVERLAY_ID);
    if (!host) {
      host = document.createElement("div");
      host.id = OVERLAY_ID;
      host.attachShadow({ mode: "open" });
      document.documentElement.appendChild(host);
    }
    host.shadowRoot.innerHTML = markup; // the server escaped every problem's text
    const close = host.shadowRoot.querySelector("button");
    if (close) close.addEventListener("click", hideOverlay);
  }

  function swapStylesheets(version) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("smo-reload", version);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      const drop = () => link.remove();
      fresh.addEventListener("load", drop);
      fresh.addEventListener("error", drop);
      link.after(fresh);
    }
  }

  const source = new EventSource("/_smo/events");
  source.addEventListener("hello", (event) => {
    const data = JSON.parse(event.data);
    // A build finished while this page loaded, or the server restarted: catch up.
    if (generation !== undefined && data.generation !== generation) location.reload();
  });
  source.addEventListener("reload", () => location.reload());
  source.addEventListener("css", (event) => {
    const data = JSON.parse(event.data);
    generation = data.generation;
    hideOverlay();
    swapStylesheets(data.generation);
  });
  source.addEventListener("problems", (event) => showOverlay(JSON.parse(event.data).html));
  source.addEventListener("clear", hideOverlay);
})();
