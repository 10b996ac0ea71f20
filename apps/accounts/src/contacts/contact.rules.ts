import { DomainError } from '@app/common';
import { ContactEntry } from '@app/contracts';
import { normalizeDisplayText } from '@app/persian';
import { normalizePhone } from '../phone/phone.rules';

/** Stored names are cut to this many characters (an address book's name can be long). */
export const CONTACT_NAME_MAX = 64;

export interface CleanContacts {
  /** One entry per number, E.164; a number given twice keeps its last name. */
  entries: { phone: string; name: string }[];
  /** Entries whose number is not an Iranian mobile number (landlines, foreign, junk): dropped, not stored. */
  skipped: number;
}

/** The name as shown: Persian-normalized, spaces collapsed, cut; empty names become the number itself. */
export function cleanContactName(name: string, phone: string): string {
  const clean = [...normalizeDisplayText(name).replace(/\s+/g, ' ')].slice(0, CONTACT_NAME_MAX).join('');
  return clean || phone;
}

/**
 * An uploaded address book as stored: numbers normalized exactly as sign-in
 * numbers are (so "0912 123 4567" finds the user who signed in with
 * "+989121234567"), anything that is not a mobile number dropped.
 */
export function cleanContacts(contacts: ContactEntry[]): CleanContacts {
  const byPhone = new Map<string, string>();
  let skipped = 0;
  for (const contact of contacts) {
    if (typeof contact.phone !== 'string' || typeof contact.name !== 'string' || contact.phone.length > 64 || contact.name.length > 256) {
      throw DomainError.badInput('contacts', 'Each contact is a phone (at most 64 characters) and a name (at most 256)');
    }
    const phone = phoneOrNull(contact.phone);
    if (!phone) {
      skipped++;
      continue;
    }
    byPhone.set(phone, cleanContactName(contact.name, phone));
  }
  return { entries: [...byPhone].map(([phone, name]) => ({ phone, name })), skipped };
}

/** The E.164 form, or null when the text is not a number we recognise. */
export function phoneOrNull(input: string): string | null {
  try {
    return normalizePhone(input);
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw err;
  }
}
