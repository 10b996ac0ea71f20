#!/usr/bin/env node
// Reports of messages and users (the `report` mutation), for an operator.
// Reads messaging's schema in MESSAGING_DATABASE_URL (or DATABASE_URL).
//
//   npm run reports                          open reports, oldest first, with the message reported
//   npm run reports -- list --all            every report, newest first
//   npm run reports -- show ID               one report in full
//   npm run reports -- resolve ID [NOTE]     mark it RESOLVED (action taken), with an optional note
//   npm run reports -- dismiss ID [NOTE]     mark it DISMISSED (nothing wrong)
//
// Exits 0 on success, 1 on a bad command or an unknown id.
import pg from 'pg';

const url = process.env.MESSAGING_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  console.error('set MESSAGING_DATABASE_URL or DATABASE_URL to the PostgreSQL that holds the messaging schema');
  process.exit(1);
}
const [command = 'list', arg, ...rest] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query(`SET search_path TO ${process.env.MESSAGING_SCHEMA || 'messaging'}`);

const COLUMNS = `r.id, r.status, r.reason, r.created_at, r.reporter_id, r.reported_user_id, r.conversation_id, r.message_id,
  r.comment, r.resolution, r.decided_at, m.seq, m.text, m.deleted_at`;
const oneLine = (text, max = 80) => (text ?? '').replace(/\s+/g, ' ').slice(0, max);

function print(r, full = false) {
  const what = r.message_id ? `message ${r.message_id} (#${r.seq} in ${r.conversation_id})` : `user ${r.reported_user_id}`;
  console.log(`${r.id}  ${r.status.padEnd(9)}  ${r.reason.padEnd(13)}  ${r.created_at.toISOString()}  ${what}`);
  if (!full) {
    if (r.message_id) console.log(`    ${r.deleted_at ? '[deleted]' : oneLine(r.text)}`);
    return;
  }
  console.log(`  reporter:      ${r.reporter_id}`);
  console.log(`  user reported: ${r.reported_user_id ?? '-'}`);
  if (r.message_id) console.log(`  message text:  ${r.deleted_at ? `[deleted ${r.deleted_at.toISOString()}]` : r.text}`);
  console.log(`  comment:       ${r.comment ?? '-'}`);
  if (r.decided_at) console.log(`  decided:       ${r.decided_at.toISOString()} ${r.resolution ?? ''}`);
}

let code = 0;
try {
  if (command === 'list') {
    const all = arg === '--all';
    const { rows } = await client.query(
      `SELECT ${COLUMNS} FROM reports r LEFT JOIN messages m ON m.id = r.message_id
        ${all ? '' : `WHERE r.status = 'OPEN'`} ORDER BY r.created_at ${all ? 'DESC' : 'ASC'} LIMIT 500`,
    );
    if (!rows.length) console.log(all ? 'no reports' : 'no open reports');
    for (const r of rows) print(r);
  } else if (command === 'show' && arg) {
    const { rows } = await client.query(
      `SELECT ${COLUMNS} FROM reports r LEFT JOIN messages m ON m.id = r.message_id WHERE r.id::text = $1`,
      [arg],
    );
    if (!rows.length) throw new Error(`no report ${arg}`);
    print(rows[0], true);
  } else if ((command === 'resolve' || command === 'dismiss') && arg) {
    const status = command === 'resolve' ? 'RESOLVED' : 'DISMISSED';
    const { rowCount } = await client.query(`UPDATE reports SET status = $2, resolution = $3, decided_at = now() WHERE id::text = $1`, [
      arg,
      status,
      rest.join(' ') || null,
    ]);
    if (!rowCount) throw new Error(`no report ${arg}`);
    console.log(`${arg} ${status}`);
  } else {
    throw new Error('usage: reports [list [--all] | show ID | resolve ID [NOTE] | dismiss ID [NOTE]]');
  }
} catch (err) {
  console.error(err.message);
  code = 1;
} finally {
  await client.end();
}
process.exit(code);
