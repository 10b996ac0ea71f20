import { AuthResolver } from './accounts/auth.resolver';
import { UserResolver } from './accounts/user.resolver';

/** Every resolver of the public API; also what print-schema builds the committed schema from. */
export const GATEWAY_RESOLVERS = [AuthResolver, UserResolver];
