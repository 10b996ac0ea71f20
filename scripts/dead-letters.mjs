#!/usr/bin/env node
// Events a consumer could never handle (invalid, or failing past its delivery
// limit) wait in the DEAD_LETTERS stream, payload kept byte for byte. List them,
// replay one to its original subject once the cause is fixed (consumers are
// idempotent, so a replay of something that did apply is harmless), or drop one.
//
//   npm run dead-letters                 list
//   npm run dead-letters -- replay SEQ   publish again to its subject, then remove it
//   npm run dead-letters -- drop SEQ     remove it
import { connect, headers } from 'nats';

const STREAM = 'DEAD_LETTERS';
const [command = 'list', arg] = process.argv.slice(2);
const nc = await connect({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',') });
const jsm = await nc.jetstreamManager();

try {
  const info = await jsm.streams.info(STREAM).catch(() => null);
  if (!info) {
    console.log('no dead letters (the DEAD_LETTERS stream does not exist yet)');
  } else if (command === 'list') {
    if (!info.state.messages) console.log('no dead letters');
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages; seq++) {
      const m = await jsm.streams.getMessage(STREAM, { seq }).catch(() => null);
      if (!m) continue;
      const h = (name) => m.header.get(name);
      console.log(
        [
          seq,
          m.time.toISOString(),
          m.subject.replace('deadletter.', ''),
          h('Dead-Letter-Subject'),
          `#${h('Dead-Letter-Stream-Seq')}`,
          h('Dead-Letter-Reason'),
          `${m.data.length} bytes`,
        ].join('  '),
      );
    }
  } else if ((command === 'replay' || command === 'drop') && /^\d+$/.test(arg ?? '')) {
    const m = await jsm.streams.getMessage(STREAM, { seq: Number(arg) });
    if (command === 'replay') {
      const h = headers();
      const correlation = m.header.get('x-correlation-id');
      if (correlation) h.set('x-correlation-id', correlation);
      await nc.jetstream().publish(m.header.get('Dead-Letter-Subject'), m.data, { msgID: `replay:${STREAM}:${arg}`, headers: h });
    }
    await jsm.streams.deleteMessage(STREAM, Number(arg));
    console.log(`${command === 'replay' ? 'replayed' : 'dropped'} dead letter ${arg}`);
  } else {
    console.error('usage: npm run dead-letters [-- list | replay SEQ | drop SEQ]');
    process.exitCode = 2;
  }
} finally {
  await nc.close();
}
