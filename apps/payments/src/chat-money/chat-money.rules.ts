import { DomainError } from '@app/common';
import { normalizeDisplayText } from '@app/persian';

const NOTE_MAX = 500;
const CLIENT_ID_MAX = 64;

/**
 * A bill's shares: equal whole rials, the remainder on the creator (contract:
 * "Equal shares in whole rials; the remainder falls on the creator"). The
 * creator is always a sharer (added first when missing); each other user
 * once, in the order given. Every share is at least one rial.
 */
export function splitShares(amount: bigint, creatorId: string, memberIds: string[]): Array<{ userId: string; amount: bigint }> {
  const users = [...new Set([creatorId, ...memberIds])];
  if (users.length < 2) throw DomainError.badInput('memberIds', 'A bill is split between at least two members');
  const count = BigInt(users.length);
  if (amount < count) throw DomainError.badInput('memberIds', 'The bill is too small to split between this many members');
  const share = amount / count;
  const remainder = amount - share * count;
  return users.map((userId) => ({ userId, amount: userId === creatorId ? share + remainder : share }));
}

/** A request's note: Persian-normalized, blank means none, at most 500 characters. */
export function cleanNote(raw: string | null | undefined): string | null {
  const note = raw ? normalizeDisplayText(raw) || null : null;
  if (note && note.length > NOTE_MAX) throw DomainError.badInput('note', `A note is at most ${NOTE_MAX} characters`);
  return note;
}

/** The client's id for an idempotent create, as for sendMessage: 1..64 characters. */
export function cleanClientId(raw: string): string {
  const clientId = raw.trim();
  if (!clientId || clientId.length > CLIENT_ID_MAX)
    throw DomainError.badInput('clientId', `A clientId is 1 to ${CLIENT_ID_MAX} characters`);
  return clientId;
}
