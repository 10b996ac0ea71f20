import { createHash } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { startTracing, tracedReceive, tracedSend } from './tracing';

describe('tracing with nothing to export', () => {
  beforeAll(() => startTracing('spec', {}));

  it('records no span but carries the trace context from hop to hop', async () => {
    const traceId = createHash('sha256').update('correlation-1').digest('hex').slice(0, 32);
    const first = natsHeaders();
    await tracedSend('a.subject.v1', first, 'correlation-1', async () => undefined);
    expect(first.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // A service receiving that request and calling another passes the same trace on.
    const second = natsHeaders();
    await tracedReceive('a.subject.v1', first, () => tracedSend('b.subject.v1', second, 'correlation-2', async () => undefined));
    expect(second.get('traceparent')).toBe(first.get('traceparent'));
  });
});
