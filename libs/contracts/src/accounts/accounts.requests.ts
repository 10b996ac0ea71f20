import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  IsObject,
} from 'class-validator';

/** Who may find a user by their phone number (contacts). */
export const PHONE_DISCOVERY = ['EVERYONE', 'CONTACTS', 'NOBODY'] as const;
export type PhoneDiscovery = (typeof PHONE_DISCOVERY)[number];

/** Entries of one importContacts call at most (a client uploads a large address book in pieces). */
export const CONTACTS_PER_IMPORT = 1000;

export class RequestCodeRequest {
  @IsString() @MaxLength(64) phone: string;
  /** The client's address, for per-address limits. */
  @IsString() @MaxLength(64) address: string;
}

export class SignInRequest {
  @IsString() @MaxLength(64) phone: string;
  @IsString() @MaxLength(32) code: string;
  @IsOptional() @IsString() @MaxLength(1024) password?: string | null;
  @IsOptional() @IsString() @MaxLength(128) deviceName?: string | null;
  @IsOptional() @IsString() @MaxLength(256) displayName?: string | null;
  @IsString() @MaxLength(64) address: string;
}

export class RefreshSessionRequest {
  @IsString() @MaxLength(512) refreshToken: string;
}

export class RevokeSessionRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) sessionId: string;
}

export class ListSessionsRequest {
  @IsUUID() viewerId: string;
  @IsUUID() currentSessionId: string;
}

export class ValidateSessionRequest {
  @IsUUID() sessionId: string;
}

/** The sessions a gateway holds sockets of, checked together (at most 1,000 a request). */
export class ValidateSessionsRequest {
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) sessionIds: string[];
}

export class GetUserRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsString() @MaxLength(64) id?: string | null;
  @IsOptional() @IsString() @MaxLength(64) username?: string | null;
}

export class GetUsersRequest {
  @IsUUID() viewerId: string;
  @IsArray() @IsString({ each: true }) @MaxLength(64, { each: true }) ids: string[];
}

/** The users with these usernames (case-insensitive); for mentions. */
export class GetUsersByUsernameRequest {
  @IsUUID() viewerId: string;
  @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) usernames: string[];
}

export class SearchUsersRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(256) query: string;
  @IsInt() @Min(1) @Max(100) first: number;
}

export class UpdateProfileRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsString() @MaxLength(1024) displayName?: string | null;
  /** null or '' removes the username. */
  @IsOptional() @IsString() @MaxLength(1024) username?: string | null;
  @IsOptional() @IsString() @MaxLength(4096) bio?: string | null;
}

export class UpdatePrivacyRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsBoolean() showLastSeen?: boolean | null;
  @IsOptional() @IsIn(PHONE_DISCOVERY) findByPhone?: PhoneDiscovery | null;
}

export class SetPasswordRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsString() @MaxLength(1024) currentPassword?: string | null;
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsString() @MaxLength(1024) newPassword?: string | null;
}

/** The viewer confirms a step (a large payment) with their two-step password. */
export class CheckPasswordRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(1024) password: string;
}

export class BlockRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) targetId: string;
}

/** Asked by other services about two users (neither need be the one signed in), so both are plain user ids. */
export class CheckBlockRequest {
  @IsUUID() userId: string;
  @IsUUID() otherId: string;
}

/** Which of otherIds have blocked userId (a group's creator or adder, and the people they add). */
export class BlockedByRequest {
  @IsUUID() userId: string;
  @IsArray() @ArrayMaxSize(10_000) @IsUUID(undefined, { each: true }) otherIds: string[];
}

/**
 * From a gateway copy: the users who have a live socket on it (connected or
 * still connected: each report renews them for ttlSeconds) and those whose
 * last socket on it closed. A copy that stops reporting is forgotten after ttlSeconds.
 */
export class ReportPresenceRequest {
  @IsUUID() gatewayId: string;
  @IsArray() @ArrayMaxSize(100_000) @IsUUID(undefined, { each: true }) online: string[];
  @IsArray() @ArrayMaxSize(100_000) @IsUUID(undefined, { each: true }) offline: string[];
  @IsInt() @Min(1) @Max(3600) ttlSeconds: number;
}

/**
 * One address-book entry as the device has it: the number in any form people
 * type, and the name. Checked by the service (nested classes would need
 * class-transformer metadata here).
 */
export interface ContactEntry {
  phone: string;
  name: string;
}

export class ImportContactsRequest {
  @IsUUID() viewerId: string;
  @IsArray() @ArrayMaxSize(CONTACTS_PER_IMPORT) @IsObject({ each: true }) contacts: ContactEntry[];
}

export class ListContactsRequest {
  @IsUUID() viewerId: string;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

/** phones null deletes every uploaded contact. */
export class DeleteContactsRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsArray() @ArrayMaxSize(CONTACTS_PER_IMPORT) @IsString({ each: true }) @MaxLength(64, { each: true }) phones?:
    string[] | null;
}
