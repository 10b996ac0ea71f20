import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import { ContactPage, ImportContactsRequest, ImportContactsResponse } from '@app/contracts';
import { AccountsEnv } from '../config/accounts.env';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { cleanContacts, phoneOrNull } from './contact.rules';
import { ContactRow, CONTACTS_WITH_USERS, contactCursor, decodeContactCursor, toContactView } from './contact.row';

const DAY_SECONDS = 86_400;

/**
 * Address books: uploaded, answered with the users among them that the
 * viewer may find, listed, deleted. Looking up a number the viewer has not
 * uploaded before counts against CONTACTS_NEW_NUMBERS_PER_DAY, so walking the
 * numbering plan through this feature takes years per account.
 */
@Injectable()
export class ContactService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: AccountsEnv,
    private readonly limits: RateLimitService,
  ) {}

  async import(input: ImportContactsRequest): Promise<ImportContactsResponse> {
    const { entries, skipped } = cleanContacts(input.contacts);
    const phones = entries.map((e) => e.phone);
    await this.ds.transaction(async (db) => {
      // One import per user at a time, so the counting below sees every earlier one.
      await queryRows<never>(db, `SELECT pg_advisory_xact_lock(hashtext('contacts:' || $1))`, [input.viewerId]);
      await this.countNewNumbers(db, input.viewerId, phones);
      await queryRows<never>(
        db,
        `INSERT INTO contacts (owner_id, phone, name)
         SELECT $1, e.phone, e.name FROM unnest($2::text[], $3::text[]) AS e (phone, name)
         ON CONFLICT (owner_id, phone) DO UPDATE SET name = EXCLUDED.name`,
        [input.viewerId, phones, entries.map((e) => e.name)],
      );
    });
    const rows = phones.length
      ? await queryRows<ContactRow>(
          this.ds,
          `${CONTACTS_WITH_USERS} AND c.phone = ANY($2::text[]) AND u.id IS NOT NULL ORDER BY c.name, c.phone`,
          [input.viewerId, phones],
        )
      : [];
    return { imported: entries.length, skipped, contacts: rows.map((row) => toContactView(row, input.viewerId)) };
  }

  /**
   * Numbers not already among the viewer's contacts are new lookups: they count
   * against the day's limit (a refused import rolls back and counts nothing),
   * and the stored total stays under CONTACTS_MAX.
   */
  private async countNewNumbers(db: EntityManager, viewerId: string, phones: string[]): Promise<void> {
    const counts = (await queryRow<{ known: number; total: number }>(
      db,
      `SELECT count(*) FILTER (WHERE phone = ANY($2::text[]))::int AS known, count(*)::int AS total FROM contacts WHERE owner_id = $1`,
      [viewerId, phones],
    ))!;
    const fresh = phones.length - counts.known;
    if (fresh === 0) return;
    if (counts.total + fresh > this.env.CONTACTS_MAX) {
      throw DomainError.badInput('contacts', `At most ${this.env.CONTACTS_MAX} contacts can be kept; delete some first`);
    }
    await this.limits.hit(db, `contacts:${viewerId}`, this.env.CONTACTS_NEW_NUMBERS_PER_DAY, DAY_SECONDS, fresh);
  }

  async list(viewerId: string, first: number, after?: string | null): Promise<ContactPage> {
    const cursor = decodeContactCursor(after);
    const rows = await queryRows<ContactRow>(
      this.ds,
      `${CONTACTS_WITH_USERS} AND u.id IS NOT NULL AND ($2::text IS NULL OR (c.name, c.phone) > ($2, $3))
        ORDER BY c.name, c.phone LIMIT $4`,
      [viewerId, cursor?.[0] ?? null, cursor?.[1] ?? null, first + 1],
    );
    const page = rows.slice(0, first);
    return {
      edges: page.map((row) => ({ node: toContactView(row, viewerId), cursor: contactCursor(row) })),
      endCursor: page.length ? contactCursor(page[page.length - 1]) : null,
      hasNextPage: rows.length > first,
    };
  }

  /** Deletes the numbers given (in any form), or every uploaded contact; answers how many went. */
  async delete(viewerId: string, phones?: string[] | null): Promise<number> {
    if (phones === null || phones === undefined) {
      return (await queryRows<{ phone: string }>(this.ds, `DELETE FROM contacts WHERE owner_id = $1 RETURNING phone`, [viewerId])).length;
    }
    const normalized = phones.map(phoneOrNull).filter((p): p is string => p !== null);
    const gone = await queryRows<{ phone: string }>(
      this.ds,
      `DELETE FROM contacts WHERE owner_id = $1 AND phone = ANY($2::text[]) RETURNING phone`,
      [viewerId, normalized],
    );
    return gone.length;
  }
}
