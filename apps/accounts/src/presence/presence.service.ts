import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { ReportPresenceRequest } from '@app/contracts';

/**
 * Online follows the sockets: a user is online while some gateway copy holds
 * a live connection of theirs (a presence row not yet expired), and their
 * last seen is written when a copy reports their last socket there closed.
 */
@Injectable()
export class PresenceService {
  constructor(private readonly ds: DataSource) {}

  async report(input: ReportPresenceRequest): Promise<boolean> {
    await this.ds.transaction(async (db) => {
      if (input.online.length) {
        await queryRows<never>(
          db,
          `INSERT INTO presence (user_id, gateway_id, expires_at)
           SELECT u.id, $2, now() + make_interval(secs => $3) FROM users u WHERE u.id = ANY($1::uuid[])
           ON CONFLICT (user_id, gateway_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
          [input.online, input.gatewayId, input.ttlSeconds],
        );
      }
      if (input.offline.length) {
        await queryRows<never>(db, `DELETE FROM presence WHERE gateway_id = $2 AND user_id = ANY($1::uuid[])`, [
          input.offline,
          input.gatewayId,
        ]);
      }
      const touched = [...input.online, ...input.offline];
      if (touched.length) await queryRows<never>(db, `UPDATE users SET last_seen_at = now() WHERE id = ANY($1::uuid[])`, [touched]);
      // Rows of copies that stopped reporting (crashed) go once they expire.
      await queryRows<never>(db, `DELETE FROM presence WHERE expires_at < now() - interval '1 hour'`);
    });
    return true;
  }
}
