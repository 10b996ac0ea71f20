import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsoDate } from '../common/rpc';
import { ConversationRequest, MessagingViewerRequest } from './messaging.requests';

/** Group admin tools and reports (served by messaging, for the gateway). */
export const MessagingModerationSubjects = {
  SetSlowMode: 'messaging.group.set-slow-mode.v1',
  RestrictMember: 'messaging.member.restrict.v1',
  DeleteMemberMessages: 'messaging.member.delete-messages.v1',
  Report: 'messaging.report.create.v1',
} as const;

export const REPORT_REASONS = ['SPAM', 'VIOLENCE', 'PORNOGRAPHY', 'CHILD_ABUSE', 'ILLEGAL', 'PERSONAL_DATA', 'OTHER'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export class SetSlowModeRequest extends ConversationRequest {
  /** 0 turns it off. */
  @IsInt() @Min(0) @Max(86_400) seconds: number;
}

export class RestrictMemberRequest extends ConversationRequest {
  @IsString() @MaxLength(64) userId: string;
  /** True restricts (until `until`, or for good when null); false lifts it. */
  @IsIn([true, false]) restricted: boolean;
  @IsOptional() @IsISO8601() until?: string | null;
}

export class DeleteMemberMessagesRequest extends ConversationRequest {
  @IsString() @MaxLength(64) userId: string;
}

export class ReportRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(1024) idempotencyKey: string;
  @IsOptional() @IsString() @MaxLength(64) messageId?: string | null;
  @IsOptional() @IsString() @MaxLength(64) userId?: string | null;
  @IsIn(REPORT_REASONS) reason: ReportReason;
  @IsOptional() @IsString() @MaxLength(4096) comment?: string | null;
}

export interface ReportView {
  id: string;
  reason: ReportReason;
  messageId: string | null;
  userId: string | null;
  createdAt: IsoDate;
}
