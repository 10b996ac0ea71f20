import { randomUUID } from 'node:crypto';
import { ChatMoneyEvents } from '@app/contracts';
import { createMoneyRequest } from '../../src/database/functions/create_money_request.function';
import { closeMoneyRequest } from '../../src/database/functions/close_money_request.function';
import { eventsOf, openRequest } from './chat_money_support';
import { count, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('create_money_request and close_money_request', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  it('stores a request once per id, with one event for its message under the subject given', async () => {
    const input = { id: randomUUID(), conversationId: randomUUID(), requesterId: randomUUID(), payerId: null, amount: 500n, note: 'ناهار' };
    expect(await createMoneyRequest(db.ds, input)).toBe(true);
    expect(await createMoneyRequest(db.ds, { ...input, amount: 900n })).toBe(false);
    expect(await count(db.ds, 'money_requests', 'id = $1 AND amount = 500 AND status = $2', [input.id, 'OPEN'])).toBe(1);
    expect(await eventsOf(db.ds, input.id)).toEqual([{ kind: 'MONEY_REQUEST', version: 1 }]);
    expect(await count(db.ds, 'outbox', `payload->>'refId' = $1 AND subject = $2`, [input.id, ChatMoneyEvents.Changed])).toBe(1);
  });

  it('lets only the payer asked decline and only the requester cancel, once, with an event for the change', async () => {
    const [requester, payer] = [randomUUID(), randomUUID()];
    const id = await openRequest(db.ds, requester, payer);
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: id, userId: requester, status: 'DECLINED' }))).toBe('PYM02');
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: id, userId: payer, status: 'CANCELLED' }))).toBe('PYM02');
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: id, userId: payer, status: 'DECLINED' }))).toBe('ok');
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: id, userId: payer, status: 'DECLINED' }))).toBe('PYM01');
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: id, userId: requester, status: 'CANCELLED' }))).toBe('PYM01');
    expect(await eventsOf(db.ds, id)).toEqual([
      { kind: 'MONEY_REQUEST', version: 1 },
      { kind: 'MONEY_REQUEST', version: 2 },
    ]);
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: randomUUID(), userId: payer, status: 'DECLINED' }))).toBe('PYM03');
    // Nobody can decline a request that names no payer; its requester can cancel it.
    const open = await openRequest(db.ds, requester, null);
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: open, userId: payer, status: 'DECLINED' }))).toBe('PYM02');
    expect(await sqlState(closeMoneyRequest(db.ds, { requestId: open, userId: requester, status: 'CANCELLED' }))).toBe('ok');
  });
});
