// Baedal's service worker: keeps the app shell for when the network is gone,
// shows Web Push notifications and opens the order they are about when tapped.

// The server writes in the build and its files, so that a new build is a new
// service worker, which keeps the new files and lets go of the old ones.
const BUILD = "/*BUILD*/";
const SHELL = "baedal-shell-" + BUILD;
const SHELL_URLS = ["/rider", "/store", /*BUILD_FILES*/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_URLS))
      .catch(() => {})
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener("activate", (event) =>
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("baedal-shell-") && name !== SHELL).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  ),
);

// Pages and the app's files come from the network when it answers, and from
// the copy kept last time when it does not. Server functions and the live
// stream always go to the network.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  const keep = request.mode === "navigate" || url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/");
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (keep && response.ok) {
          const copy = response.clone();
          caches.open(SHELL).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((kept) => kept || Response.error())),
  );
});

self.addEventListener("push", (event) => {
  let message = { title: "Baedal · 배달", body: "", url: "/", tag: undefined };
  try {
    message = { ...message, ...event.data.json() };
  } catch (_) {
    if (event.data) message.body = event.data.text();
  }
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: message.tag,
      data: { url: message.url },
      lang: "ko",
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? "/", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
