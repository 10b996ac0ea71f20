import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DomainError, LOGGER, RpcClient } from '@app/common';
import { ConversationMembersResponse, ErrorCode, MessagingIntegrationSubjects, MessagingMembersSubjects } from '@app/contracts';
import { PaymentsEnv } from '../config/payments.env';

/** What payments asks of messaging, synchronously. Posting to chats goes through the outbox instead. */
@Injectable()
export class MessagingClient {
  constructor(
    private readonly rpc: RpcClient,
    private readonly env: PaymentsEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Whether the user is a current member; SERVICE_UNAVAILABLE when messaging does not answer (nothing changes then). */
  async isMember(conversationId: string, userId: string): Promise<boolean> {
    const { member } = await this.rpc.send(MessagingIntegrationSubjects.CheckMember, { conversationId, userId });
    return member;
  }

  /**
   * The two users' direct conversation (messaging creates it if needed), or
   * null when messaging does not answer in time: the money moves anyway, and
   * messaging resolves the conversation itself when it consumes the event.
   */
  async directConversation(userId: string, otherUserId: string): Promise<string | null> {
    try {
      const { conversationId } = await this.rpc.send(
        MessagingIntegrationSubjects.DirectConversation,
        { userId, otherUserId },
        { timeoutMs: this.env.MESSAGING_TIMEOUT_MS },
      );
      return conversationId;
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.ServiceUnavailable) {
        this.logger.debug({ userId, otherUserId }, 'messaging did not name the direct conversation; the transfer goes ahead without it');
        return null;
      }
      throw err;
    }
  }

  /** The conversation's kind, which of userIds are current members, and a direct conversation's two users. */
  conversationMembers(conversationId: string, userIds: string[]): Promise<ConversationMembersResponse> {
    return this.rpc.send(MessagingMembersSubjects.ConversationMembers, { conversationId, userIds });
  }
}
