import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { AccountsSubjects } from '@app/contracts';
import { AccountsEnv } from './config/accounts.env';
import { CreateAccounts1764380000000 } from './database/migrations/1764380000000-CreateAccounts';
import { CreatePresence1765500000000 } from './database/migrations/1765500000000-CreatePresence';
import { RekeyUserSearch1765800000000 } from './database/migrations/1765800000000-RekeyUserSearch';
import { AuthController } from './auth/auth.controller';
import { LoginCodeService } from './auth/login-code.service';
import { SignInService } from './auth/sign-in.service';
import { TokenService } from './auth/token.service';
import { BlockController } from './blocks/block.controller';
import { BlockService } from './blocks/block.service';
import { PasswordController } from './passwords/password.controller';
import { PasswordService } from './passwords/password.service';
import { PresenceController } from './presence/presence.controller';
import { PresenceService } from './presence/presence.service';
import { RateLimitService } from './rate-limit/rate-limit.service';
import { SessionController } from './sessions/session.controller';
import { SessionService } from './sessions/session.service';
import { SmsModule } from './sms/sms.module';
import { UserController } from './users/user.controller';
import { UserService } from './users/user.service';

export const ACCOUNTS_MIGRATIONS = [CreateAccounts1764380000000, CreatePresence1765500000000, RekeyUserSearch1765800000000];

@Module({})
export class AccountsModule {
  static forRoot(env: AccountsEnv): DynamicModule {
    env.assertSafeForProduction();
    return {
      module: AccountsModule,
      imports: [
        CoreModule.forApp({ name: 'accounts', env }),
        DatabaseModule.forService({ schema: 'accounts', migrations: ACCOUNTS_MIGRATIONS }),
        SmsModule,
      ],
      controllers: [
        AuthController,
        SessionController,
        UserController,
        BlockController,
        PasswordController,
        PresenceController,
        createHealthController('accounts', AccountsSubjects.Health),
      ],
      providers: [
        TokenService,
        RateLimitService,
        LoginCodeService,
        SessionService,
        SignInService,
        PasswordService,
        UserService,
        BlockService,
        PresenceService,
      ],
    };
  }
}
