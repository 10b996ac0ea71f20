import fs from 'node:fs/promises';
import path from 'node:path';
import { SmsMessage, SmsProvider } from './sms.provider';

/**
 * Development provider: appends each SMS as one JSON line to SMS_OUTBOX, where
 * a developer (or a test, or curl) reads the code. One write per line, in
 * append mode, so lines from concurrent copies never interleave.
 */
export class FileSmsProvider extends SmsProvider {
  constructor(private readonly outbox: string) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    await fs.mkdir(path.dirname(this.outbox), { recursive: true });
    const line = JSON.stringify({ to: message.to, text: message.text, code: message.code, sentAt: new Date().toISOString() });
    await fs.appendFile(this.outbox, line + '\n', 'utf8');
  }
}
