/** A fresh random id for clientId / idempotencyKey (crypto.randomUUID needs a secure context; 127.0.0.1 is one, a LAN address is not). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function' && isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
