import { navigate } from './router';

/**
 * Registers the service worker (public/sw.js: offline shell, Web Push) and
 * follows a clicked notification to its chat when a window of the app was
 * already open (the worker posts { type: 'open-chat', path }).
 */
export function startPwa(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; path?: string }>) => {
    if (event.data?.type === 'open-chat' && event.data.path?.startsWith('/chats')) navigate(event.data.path);
  });
}
