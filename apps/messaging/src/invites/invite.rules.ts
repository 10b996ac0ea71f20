import { randomBytes } from 'node:crypto';
import { DomainError } from '@app/common';
import { normalizeDisplayText } from '@app/persian';

const HANDLE = /^[a-z][a-z0-9_]{4,31}$/;
const LINK_NAME_MAX = 64;

/** A public group's handle: 5 to 32 of a-z, 0-9 and _, starting with a letter (as channels'); null or '' removes it. */
export function cleanGroupHandle(input: string | null | undefined): string | null {
  if (input === null || input === undefined || input.trim() === '') return null;
  const handle = input.trim().replace(/^@/, '').toLowerCase();
  if (!HANDLE.test(handle)) throw DomainError.badInput('handle', 'A handle has 5 to 32 of a-z, 0-9 and _, and starts with a letter');
  return handle;
}

/** 128 random bits, URL-safe: guessing a live link is hopeless. */
export function newInviteToken(): string {
  return randomBytes(16).toString('base64url');
}

export interface InviteLinkOptions {
  name: string | null;
  expiresAt: Date | null;
  usageLimit: number | null;
  requiresApproval: boolean;
}

/**
 * A link's options as stored. A link that needs approval has no use limit
 * (admins decide each join, as Telegram has it), and an expiry lies ahead.
 */
export function cleanLinkOptions(
  input: { name?: string | null; expiresAt?: string | null; usageLimit?: number | null; requiresApproval: boolean },
  now: Date,
): InviteLinkOptions {
  const name = input.name ? normalizeDisplayText(input.name).replace(/\s+/g, ' ') || null : null;
  if (name && [...name].length > LINK_NAME_MAX) throw DomainError.badInput('name', `A link's name has at most ${LINK_NAME_MAX} characters`);
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && !(expiresAt.getTime() > now.getTime())) throw DomainError.badInput('expiresAt', 'The expiry must lie in the future');
  const usageLimit = input.usageLimit ?? null;
  if (input.requiresApproval && usageLimit !== null) {
    throw DomainError.badInput('usageLimit', 'A link that needs approval has no use limit: admins decide each join');
  }
  return { name, expiresAt, usageLimit, requiresApproval: input.requiresApproval };
}

/** Why a link no longer admits anyone, or null while it does. */
export function linkClosedReason(
  link: { revoked_at: Date | null; expires_at: Date | null; usage_limit: number | null; use_count: number },
  now: Date,
): 'REVOKED' | 'EXPIRED' | 'USED_UP' | null {
  if (link.revoked_at) return 'REVOKED';
  if (link.expires_at && new Date(link.expires_at).getTime() <= now.getTime()) return 'EXPIRED';
  if (link.usage_limit !== null && link.use_count >= link.usage_limit) return 'USED_UP';
  return null;
}
