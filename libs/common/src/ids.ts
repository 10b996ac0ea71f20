const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids come from clients as opaque strings; one that is not a UUID cannot be
 * one of ours, so callers answer NOT_FOUND without asking the database (which
 * would refuse the cast with an error).
 */
export function isUuid(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}
