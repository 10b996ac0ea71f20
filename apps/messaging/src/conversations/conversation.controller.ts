import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddMembersRequest,
  CheckMemberRequest,
  ConversationRequest,
  CreateGroupRequest,
  DirectConversationRequest,
  ListMembersRequest,
  MarkReadRequest,
  MemberRequest,
  MessagingIntegrationSubjects as I,
  MessagingPageRequest,
  MessagingSubjects as S,
  PinRequest,
  RenameGroupRequest,
  SetMemberRoleRequest,
  SetMutedRequest,
  StartDirectRequest,
} from '@app/contracts';
import { ConversationSettingsService } from './conversation-settings.service';
import { ConversationService } from './conversation.service';
import { GroupService } from './group.service';

@Controller()
export class ConversationController {
  constructor(
    private readonly conversations: ConversationService,
    private readonly settings: ConversationSettingsService,
    private readonly groups: GroupService,
  ) {}

  @MessagePattern(S.StartDirect)
  startDirect(@Payload() input: StartDirectRequest) {
    return this.conversations.startDirect(input.viewerId, input.userId);
  }

  @MessagePattern(S.GetConversation)
  get(@Payload() input: ConversationRequest) {
    return this.conversations.get(input.viewerId, input.conversationId);
  }

  @MessagePattern(S.ListConversations)
  list(@Payload() input: MessagingPageRequest) {
    return this.conversations.list(input);
  }

  @MessagePattern(S.ListMembers)
  members(@Payload() input: ListMembersRequest) {
    return this.conversations.members(input);
  }

  @MessagePattern(S.MarkRead)
  markRead(@Payload() input: MarkReadRequest) {
    return this.settings.markRead(input);
  }

  @MessagePattern(S.SetMuted)
  setMuted(@Payload() input: SetMutedRequest) {
    return this.settings.setMuted(input);
  }

  @MessagePattern(S.Pin)
  pin(@Payload() input: PinRequest) {
    return this.settings.pin(input);
  }

  @MessagePattern(S.CreateGroup)
  createGroup(@Payload() input: CreateGroupRequest) {
    return this.groups.create(input);
  }

  @MessagePattern(S.RenameGroup)
  rename(@Payload() input: RenameGroupRequest) {
    return this.groups.rename(input);
  }

  @MessagePattern(S.AddMembers)
  addMembers(@Payload() input: AddMembersRequest) {
    return this.groups.addMembers(input);
  }

  @MessagePattern(S.RemoveMember)
  removeMember(@Payload() input: MemberRequest) {
    return this.groups.removeMember(input);
  }

  @MessagePattern(S.SetMemberRole)
  setRole(@Payload() input: SetMemberRoleRequest) {
    return this.groups.setRole(input);
  }

  @MessagePattern(S.Leave)
  leave(@Payload() input: ConversationRequest) {
    return this.groups.leave(input.viewerId, input.conversationId);
  }

  /** For payments (fixed wire contract: messaging.integration.ts). */
  @MessagePattern(I.DirectConversation)
  direct(@Payload() input: DirectConversationRequest) {
    return this.conversations.directFor(input);
  }

  /** For payments and the gateway (fixed wire contract: messaging.integration.ts). */
  @MessagePattern(I.CheckMember)
  checkMember(@Payload() input: CheckMemberRequest) {
    return this.conversations.checkMember(input);
  }
}
