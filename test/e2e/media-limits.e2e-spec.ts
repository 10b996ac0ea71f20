import { Client } from 'pg';
import { BLOB_STORE, BlobStore } from '@app/common';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { UploadSweeper } from '../../apps/media/src/uploads/upload.sweeper';
import { START, patch, startUpload } from './media-helpers';

describe('media: quotas and expired uploads', () => {
  let platform: TestPlatform;
  let db: Client;
  let user: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      services: ['accounts', 'media'],
      env: { MEDIA_UPLOADS_PER_DAY: '3', MEDIA_QUOTA_BYTES: '1000', MEDIA_SWEEP_INTERVAL_MS: '0' },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    user = await platform.signUp();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('refuses uploads past the bytes quota and past the uploads per day (QUOTA)', async () => {
    const over = await platform.gql(START, { i: { kind: 'FILE', mimeType: 'text/plain', size: 1001 } }, user.token);
    expect(over.errors![0].extensions).toMatchObject({ code: 'MEDIA_REJECTED', reason: 'QUOTA' });
    await startUpload(platform, user, { kind: 'FILE', mimeType: 'text/plain', size: 10 });
    await startUpload(platform, user, { kind: 'FILE', mimeType: 'text/plain', size: 10 });
    await startUpload(platform, user, { kind: 'FILE', mimeType: 'text/plain', size: 10 });
    const fourth = await platform.gql(START, { i: { kind: 'FILE', mimeType: 'text/plain', size: 10 } }, user.token);
    expect(errorCode(fourth)).toBe('MEDIA_REJECTED');
    expect(fourth.errors![0].extensions).toMatchObject({ reason: 'QUOTA' });
  });

  it('removes an upload never finished before it expired, with its chunks, and frees its quota', async () => {
    const other = await platform.signUp();
    const ticket = await startUpload(platform, other, { kind: 'FILE', mimeType: 'text/plain', size: 10 });
    expect((await patch(ticket.uploadUrl, 0, Buffer.from('01234'))).status).toBe(204);
    const [{ parts }] = (await db.query(`SELECT parts FROM media.media WHERE id = $1`, [ticket.mediaId])).rows;
    expect(parts).toHaveLength(1);
    const store = platform.services.get('media')!.get<symbol, BlobStore>(BLOB_STORE);
    expect(await store.has(parts[0].key)).toBe(true);
    await db.query(`UPDATE media.media SET expires_at = now() - interval '1 second' WHERE id = $1`, [ticket.mediaId]);
    expect(await platform.services.get('media')!.get(UploadSweeper).sweepOnce()).toBe(1);
    expect((await db.query(`SELECT 1 FROM media.media WHERE id = $1`, [ticket.mediaId])).rowCount).toBe(0);
    expect(await store.has(parts[0].key)).toBe(false);
    const head = await fetch(ticket.uploadUrl, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);
  });

  it('shows users without their avatar while media is down, rather than failing', async () => {
    await platform.stopService('media');
    try {
      const res = await platform.gql(`query($u:ID){ user(id:$u){ id avatar { id } } }`, { u: user.userId }, user.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.user).toEqual({ id: user.userId, avatar: null });
      const start = await platform.gql(START, { i: { kind: 'FILE', mimeType: 'text/plain', size: 10 } }, user.token);
      expect(errorCode(start)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await platform.startService('media', { MEDIA_UPLOADS_PER_DAY: '3', MEDIA_QUOTA_BYTES: '1000', MEDIA_SWEEP_INTERVAL_MS: '0' });
    }
  });
});
