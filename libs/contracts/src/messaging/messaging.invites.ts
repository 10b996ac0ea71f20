import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsoDate, PageInfo } from '../common/rpc';
import { ConversationView } from './messaging.responses';
import { ConversationRequest, MessagingPageRequest, MessagingViewerRequest } from './messaging.requests';

/** Invite links and public groups (served by messaging, for the gateway). */
export const MessagingInviteSubjects = {
  CreateInviteLink: 'messaging.invite-link.create.v1',
  RevokeInviteLink: 'messaging.invite-link.revoke.v1',
  ListInviteLinks: 'messaging.invite-link.list.v1',
  PreviewInvite: 'messaging.invite-link.preview.v1',
  JoinByInvite: 'messaging.invite-link.join.v1',
  ListJoinRequests: 'messaging.join-request.list.v1',
  DecideJoinRequest: 'messaging.join-request.decide.v1',
  SetGroupHandle: 'messaging.group.set-handle.v1',
  PreviewPublicGroup: 'messaging.group.preview-public.v1',
  JoinPublicGroup: 'messaging.group.join-public.v1',
} as const;

export class CreateInviteLinkRequest extends ConversationRequest {
  /** Makes the creation idempotent per creator. */
  @IsString() @MaxLength(1024) idempotencyKey: string;
  @IsOptional() @IsString() @MaxLength(1024) name?: string | null;
  @IsOptional() @IsISO8601() expiresAt?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(100_000) usageLimit?: number | null;
  @IsBoolean() requiresApproval: boolean;
}

export class InviteLinkRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(64) linkId: string;
}

export class ListInviteLinksRequest extends MessagingPageRequest {
  @IsString() @MaxLength(64) conversationId: string;
}

export class InviteTokenRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(128) token: string;
}

export class DecideJoinRequestRequest extends ConversationRequest {
  @IsString() @MaxLength(64) userId: string;
  @IsBoolean() approve: boolean;
}

export class SetGroupHandleRequest extends ConversationRequest {
  /** null or '' removes the handle (the group becomes private). */
  @IsOptional() @IsString() @MaxLength(1024) handle?: string | null;
}

export class PublicGroupRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(128) handle: string;
}

export interface InviteLinkView {
  id: string;
  conversationId: string;
  token: string;
  creatorId: string;
  name: string | null;
  expiresAt: IsoDate | null;
  usageLimit: number | null;
  useCount: number;
  requiresApproval: boolean;
  revokedAt: IsoDate | null;
  createdAt: IsoDate;
  /** Users waiting for an admin's decision through this link. */
  pendingCount: number;
}

export interface InviteLinkPage {
  edges: { node: InviteLinkView; cursor: string }[];
  pageInfo: PageInfo;
}

/** What someone holding a link or a handle sees before joining. */
export interface GroupPreviewView {
  conversationId: string;
  title: string;
  handle: string | null;
  memberCount: number;
  requiresApproval: boolean;
  isMember: boolean;
  /** The viewer asked to join and waits for an admin. */
  pending: boolean;
}

export interface JoinResultView {
  /** Set when the viewer is now a member. */
  conversation: ConversationView | null;
  /** True when an admin must approve first. */
  pending: boolean;
}

export interface JoinRequestView {
  userId: string;
  linkId: string | null;
  createdAt: IsoDate;
}

export interface JoinRequestPage {
  edges: { node: JoinRequestView; cursor: string }[];
  pageInfo: PageInfo;
}
