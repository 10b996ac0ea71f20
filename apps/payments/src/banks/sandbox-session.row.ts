import { SandboxSessionView } from '@app/contracts';

/** A payment session in the sandbox bank's own books. */
export interface SandboxSessionRow {
  authority: string;
  amount: string;
  description: string;
  callback_url: string;
  state: SandboxSessionView['state'];
  ref_id: string | null;
}

export const SANDBOX_SESSION_COLUMNS = `authority, amount, description, callback_url, state, ref_id`;

export function toSandboxSessionView(row: SandboxSessionRow): SandboxSessionView {
  return { authority: row.authority, amount: row.amount, description: row.description, state: row.state, callbackUrl: row.callback_url };
}
