// Steady's service worker: keeps the app working with no signal.
//
// scripts/build-pwa.sh fills in VERSION, PRECACHE (the participant's app) and STAFF (Steady for staff)
// after every build, so the lists always match that build's hashed files. Each version has its own
// cache; a new version installs completely beside the old one, then replaces it, so a page never mixes
// old and new files. Staff files are cached only when Steady for staff asks ("cache-staff"), so
// participants never download them. The API is never cached here: each app keeps its data in IndexedDB.
//
// Installing must not download again what the page has just downloaded (on a first visit over a slow,
// metered connection that doubled the bytes): hashed files never change, so they are taken from the
// browser's HTTP cache when there; the few unhashed ones (the HTML, the manifest) are revalidated, which
// costs a "not modified" answer when the page's copy is current.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const STAFF = __STAFF__;
const CACHE = "steady-" + VERSION;
/// Each app's shell is kept under the address a first visit loads it from ("/", "/staff"), so
/// installing revalidates the copy the page has just downloaded instead of fetching the file again.
const SHELL = "/";
const STAFF_SHELL = "/staff";
const SHELL_FILES = { "/index.html": SHELL, "/staff.html": STAFF_SHELL };

/// Trunk's content-hashed names (`steady-4c3bd2b8a7e0f1a9_bg.wasm`), as the server's `is_hashed`.
const HASHED = /-[0-9a-f]{10,16}(_bg)?\.[a-z0-9]+$/;
const fresh = (urls) => urls.map((url) => SHELL_FILES[url] ?? url)
  .map((url) => new Request(url, { cache: HASHED.test(url) ? "default" : "no-cache" }));

/// Whether an earlier version had the staff app cached (then this version caches it too).
async function hadStaff() {
  for (const key of await caches.keys()) {
    // Versions before 2026-11-26 kept the staff shell under its file name.
    const cache = key.startsWith("steady-") && key !== CACHE ? await caches.open(key) : null;
    if (cache && ((await cache.match(STAFF_SHELL)) || (await cache.match("/staff.html")))) {
      return true;
    }
  }
  return false;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(fresh(PRECACHE));
    if (await hadStaff()) {
      await cache.addAll(fresh(STAFF));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("steady-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "cache-staff") {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh(STAFF))));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  const staffPage = url.pathname === "/staff" || url.pathname.startsWith("/staff/");
  const lookup = request.mode === "navigate" ? (staffPage ? STAFF_SHELL : SHELL) : request;
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(lookup))
      .then((cached) => cached || fetch(request))
  );
});
