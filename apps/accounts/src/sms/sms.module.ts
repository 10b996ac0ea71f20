import path from 'node:path';
import { Module } from '@nestjs/common';
import { AccountsEnv } from '../config/accounts.env';
import { SmsProvider } from './sms.provider';
import { FileSmsProvider } from './file-sms.provider';
import { KavenegarSmsProvider } from './kavenegar-sms.provider';

@Module({
  providers: [
    {
      provide: SmsProvider,
      inject: [AccountsEnv],
      useFactory: (env: AccountsEnv): SmsProvider => {
        switch (env.SMS_PROVIDER) {
          case 'kavenegar':
            return new KavenegarSmsProvider({
              apiKey: env.KAVENEGAR_API_KEY,
              sender: env.KAVENEGAR_SENDER,
              baseUrl: env.KAVENEGAR_BASE_URL,
            });
          default:
            return new FileSmsProvider(env.SMS_OUTBOX || path.join(path.resolve(env.DATA_DIR), 'sms-outbox.jsonl'));
        }
      },
    },
  ],
  exports: [SmsProvider],
})
export class SmsModule {}
