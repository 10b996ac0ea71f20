import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AttachMessageRequest,
  CheckMemberRequest,
  CheckMemberResponse,
  DirectConversationRequest,
  DirectConversationResponse,
  MessagingIntegrationSubjects as S,
} from '@app/contracts';
import { DomainError } from '@app/common';
import { AccountsClient } from '../common/accounts.client';
import { ConversationService } from '../conversations/conversation.service';
import { MessageService } from '../messages/message.service';

/** What payments and news ask of messaging (fixed wire contract: messaging.integration.ts). */
@Controller()
export class IntegrationController {
  constructor(
    private readonly messages: MessageService,
    private readonly conversations: ConversationService,
    private readonly accounts: AccountsClient,
  ) {}

  @MessagePattern(S.AttachMessage)
  attach(@Payload() input: AttachMessageRequest) {
    return this.messages.attach(input);
  }

  @MessagePattern(S.DirectConversation)
  async direct(@Payload() input: DirectConversationRequest): Promise<DirectConversationResponse> {
    if (input.userId === input.otherUserId) throw DomainError.badInput('otherUserId', 'A direct conversation is between two users');
    await this.accounts.requireUsers(input.userId, [input.otherUserId], 'otherUserId');
    await this.accounts.assertNotBlocked(input.userId, input.otherUserId);
    return { conversationId: await this.conversations.directConversation(input.userId, input.otherUserId) };
  }

  @MessagePattern(S.CheckMember)
  async checkMember(@Payload() input: CheckMemberRequest): Promise<CheckMemberResponse> {
    return { member: await this.conversations.isMember(input.conversationId, input.userId) };
  }
}
