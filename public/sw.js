// Steady's service worker: keeps the app working with no signal.
//
// scripts/sw-precache.sh fills in VERSION and PRECACHE after every build (a Trunk post_build hook), so
// the list always matches the hashed files of that build. Each version has its own cache; a new
// version installs completely beside the old one, then replaces it, so a page never mixes old and new
// files. The app keeps its own data in IndexedDB.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = "steady-" + VERSION;
const SHELL = "/index.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("steady-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached here, and Steady for staff (/staff, staff.html) needs the server anyway.
  const online_only = url.pathname.startsWith("/api/") || url.pathname.startsWith("/staff");
  if (request.method !== "GET" || url.origin !== self.location.origin || online_only) {
    return;
  }
  const lookup = request.mode === "navigate" ? SHELL : request;
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(lookup))
      .then((cached) => cached || fetch(request))
  );
});
