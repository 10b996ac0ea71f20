import { IsoDate } from '../common/rpc';

/** A user as one viewer may see them: privacy already applied. */
export interface UserView {
  id: string;
  displayName: string;
  username: string | null;
  bio: string | null;
  /** Only for the viewer themself. */
  phone: string | null;
  /** Null when hidden by privacy settings. */
  lastSeenAt: IsoDate | null;
  /** A live connection (the app open) on some gateway; false too when last seen is hidden. */
  online: boolean;
  blockedByMe: boolean;
  createdAt: IsoDate;
}

export interface SessionView {
  id: string;
  deviceName: string | null;
  createdAt: IsoDate;
  lastActiveAt: IsoDate;
  current: boolean;
}

export interface LoginCodeSentResponse {
  phone: string;
  expiresAt: IsoDate;
  retryAfter: number;
}

export interface AuthResponse {
  accessToken: string;
  accessTokenExpiresAt: IsoDate;
  refreshToken: string;
  user: UserView;
  session: SessionView;
  newUser: boolean;
}

export interface ValidateSessionResponse {
  valid: boolean;
  userId: string | null;
}

export interface CheckBlockResponse {
  /** userId has blocked otherId. */
  blocked: boolean;
  /** otherId has blocked userId. */
  blockedBy: boolean;
}

export interface BlockedByResponse {
  /** The ids among otherIds that have blocked userId. */
  blockedBy: string[];
}

export interface SessionRevokedEvent {
  sessionId: string;
  userId: string;
}
