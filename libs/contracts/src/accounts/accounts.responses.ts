import { IsoDate } from '../common/rpc';
import { PhoneDiscovery } from './accounts.requests';

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
  /** Who may find this user by phone number (EVERYONE, CONTACTS, NOBODY); only for the viewer themself. */
  findByPhone?: PhoneDiscovery | null;
}

/** An uploaded address-book entry; user only when that number's owner lets the viewer find them. */
export interface ContactView {
  phone: string;
  name: string;
  user: UserView | null;
}

export interface ContactPage {
  edges: { node: ContactView; cursor: string }[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface ImportContactsResponse {
  /** Distinct numbers stored (new or renamed). */
  imported: number;
  /** Entries whose number is not a mobile number we recognise (not stored). */
  skipped: number;
  /** The uploaded entries that are users the viewer may find. */
  contacts: ContactView[];
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

export interface ValidateSessionsResponse {
  /** The sessions asked about that do not stand (revoked, or unknown). */
  invalid: string[];
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
