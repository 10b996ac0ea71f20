import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConversationMembersRequest, MessagingMembersSubjects } from '@app/contracts';
import { ChatMoneyMessages } from './chat-money.messages';

/** For payments' money in chats (fixed wire contract: messaging.members.ts). */
@Controller()
export class ChatMoneyMembersController {
  constructor(private readonly chatMoney: ChatMoneyMessages) {}

  @MessagePattern(MessagingMembersSubjects.ConversationMembers)
  members(@Payload() input: ConversationMembersRequest) {
    return this.chatMoney.members(input);
  }
}
