// The web app's service worker: an offline shell, and Web Push notifications
// that open the right chat. Plain JavaScript served from / (no-cache), so a
// new version is picked up on the next load.
const SHELL = 'shell-v1';
const SHELL_FILES = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon.svg'];

/** index.html and the hashed scripts and styles it names, so the app starts with no network. */
async function cacheShell() {
  const cache = await caches.open(SHELL);
  await cache.addAll(SHELL_FILES);
  const html = await (await cache.match('/')).text();
  const named = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  // Every chunk of the build (sections load lazily), as the build listed them.
  const listed = await fetch('/shell-files.json').then(
    (r) => (r.ok ? r.json() : []),
    () => [],
  );
  await cache.addAll([...new Set([...named, ...listed])]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const API = /^\/(graphql|healthz|readyz|metrics|payments|media)(\/|$)/;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || API.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Network first (the newest index.html), the cached shell when offline: every route is the app.
    event.respondWith(
      fetch(request).then(
        (response) => {
          if (response.ok) caches.open(SHELL).then((cache) => cache.put('/', response.clone()));
          return response;
        },
        () => caches.match('/'),
      ),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/')) {
    // Hashed, immutable files: the cache first.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) caches.open(SHELL).then((cache) => cache.put(request, response.clone()));
            return response;
          }),
      ),
    );
  }
});

/** Payload from the platform's push worker: { conversationId, messageId, title, body, count }. */
self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = data.title || 'پیام جدید';
  const count = Number(data.count) > 1 ? ` (${Number(data.count).toLocaleString('fa-IR')} پیام)` : '';
  event.waitUntil(
    self.registration.showNotification(title + count, {
      body: data.body || '',
      // One notification per chat: a newer one replaces it (as the push service's Topic does).
      tag: data.conversationId ? `chat:${data.conversationId}` : 'chat',
      renotify: true,
      dir: 'rtl',
      lang: 'fa',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { conversationId: data.conversationId || null },
    }),
  );
});

/** Opens the chat: focuses a window of the app and moves it there, or opens one. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const id = event.notification.data && event.notification.data.conversationId;
  const target = id ? `/chats/${encodeURIComponent(id)}` : '/chats';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        open.postMessage({ type: 'open-chat', path: target });
        return open.focus();
      }
      return self.clients.openWindow(target);
    }),
  );
});
