import { isUuid } from '@app/common';
import { argsHash, derivedId, isTrackingCode, luhnDigit, newTrackingCode, refIds, shardOf } from './ids';
import { decodeCursor, encodeCursor } from './cursor';

describe('ledger ids', () => {
  it('derives the same UUID (version 8) from the same parts, and another from any other parts', () => {
    const id = derivedId('transfer', 'user-1', 'key-1');
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('8');
    expect('89ab').toContain(id[19]);
    expect(derivedId('transfer', 'user-1', 'key-1')).toBe(id);
    expect(derivedId('transfer', 'user-2', 'key-1')).not.toBe(id);
    // Parts are delimited: ("ab", "c") is not ("a", "bc").
    expect(derivedId('transfer', 'ab', 'c')).not.toBe(derivedId('transfer', 'a', 'bc'));
  });

  it('hashes arguments independently of key order, and by operation', () => {
    expect(argsHash('payBill', { a: '1', b: null })).toBe(argsHash('payBill', { b: null, a: '1' }));
    expect(argsHash('payBill', { a: '1' })).not.toBe(argsHash('transferMoney', { a: '1' }));
    expect(argsHash('payBill', { a: '1', b: undefined })).toBe(argsHash('payBill', { a: '1', b: null }));
    expect(argsHash('payBill', { a: '1' })).not.toBe(argsHash('payBill', { a: '2' }));
  });

  it('makes 12-digit tracking codes with a Luhn check digit and no leading zero', () => {
    const codes = Array.from({ length: 5000 }, newTrackingCode);
    expect(codes.every((c) => /^[1-9]\d{11}$/.test(c) && isTrackingCode(c))).toBe(true);
    expect(new Set(codes).size).toBe(5000);
    expect(luhnDigit('7992739871')).toBe('3');
    expect(isTrackingCode('123456789012')).toBe(luhnDigit('12345678901') === '2');
    const code = codes[0];
    const mistyped = code.slice(0, 5) + ((Number(code[5]) + 1) % 10) + code.slice(6);
    expect(isTrackingCode(mistyped)).toBe(false);
  });

  it('spreads records over shards, the same record always to the same shard', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(derivedId('bill', String(i)), 16)));
    expect(shards.size).toBe(16);
    expect(shardOf('6f1c2a8e-1b2c-8d3e-9f4a-5b6c7d8e9f01', 16)).toBe(shardOf('6f1c2a8e-1b2c-8d3e-9f4a-5b6c7d8e9f01', 16));
  });

  it('keeps the distinct UUIDs among the refs a message names, and drops anything else unasked', () => {
    const id = derivedId('bill', '1');
    const refs = [{ id }, { id: 'not-a-uuid' }, { id, conversationId: derivedId('c') }, null as never, { id: 42 as never }];
    expect(refIds(refs)).toEqual([id]);
  });

  it('gives opaque cursors back as positions and refuses foreign ones', () => {
    expect(decodeCursor(encodeCursor('12345'))).toBe('12345');
    expect(decodeCursor(null)).toBeNull();
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
