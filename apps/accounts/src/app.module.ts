import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, createHealthController, DatabaseModule } from '@app/common';
import { AccountsSubjects } from '@app/contracts';
import { AccountsEnv } from './config/accounts.env';
import { CreateAccounts1764380000000 } from './database/migrations/1764380000000-CreateAccounts';
import { AuthController } from './auth/auth.controller';
import { LoginCodeService } from './auth/login-code.service';
import { SessionService } from './auth/session.service';
import { SignInService } from './auth/sign-in.service';
import { TokenService } from './auth/token.service';
import { BlockService } from './blocks/block.service';
import { PasswordService } from './passwords/password.service';
import { RateLimitService } from './rate-limit/rate-limit.service';
import { SmsModule } from './sms/sms.module';
import { UserController } from './users/user.controller';
import { UserService } from './users/user.service';

export const ACCOUNTS_MIGRATIONS = [CreateAccounts1764380000000];

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
      controllers: [AuthController, UserController, createHealthController('accounts', AccountsSubjects.Health)],
      providers: [
        TokenService,
        RateLimitService,
        LoginCodeService,
        SessionService,
        SignInService,
        PasswordService,
        UserService,
        BlockService,
      ],
    };
  }
}
