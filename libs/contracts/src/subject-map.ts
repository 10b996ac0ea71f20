import { AccountsRpc } from './accounts/accounts.rpc';
import { HealthRpc } from './common/health';

/**
 * Every request subject of the platform with its payload types, so that
 * `RpcClient.send(subject, payload)` checks both at compile time.
 */
export type SubjectMap = AccountsRpc & HealthRpc;
export type Subject = keyof SubjectMap;
export type RequestOf<S extends Subject> = SubjectMap[S]['request'];
export type ResponseOf<S extends Subject> = SubjectMap[S]['response'];
