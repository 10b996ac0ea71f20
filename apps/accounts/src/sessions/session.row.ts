import { SessionView } from '@app/contracts';

/** A sessions row as SESSION_COLUMNS selects it. */
export interface SessionRow {
  id: string;
  user_id: string;
  device_name: string | null;
  created_at: Date;
  last_active_at: Date;
}

export const SESSION_COLUMNS = `id, user_id, device_name, created_at, last_active_at`;

export function toSessionView(row: SessionRow, currentId: string | null): SessionView {
  return {
    id: row.id,
    deviceName: row.device_name,
    createdAt: new Date(row.created_at).toISOString(),
    lastActiveAt: new Date(row.last_active_at).toISOString(),
    current: row.id === currentId,
  };
}
