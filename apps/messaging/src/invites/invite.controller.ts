import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateInviteLinkRequest,
  DecideJoinRequestRequest,
  InviteLinkRequest,
  InviteTokenRequest,
  ListInviteLinksRequest,
  MessagingInviteSubjects as S,
  PublicGroupRequest,
  SetGroupHandleRequest,
} from '@app/contracts';
import { GroupJoinService } from './group-join.service';
import { InviteLinkService } from './invite-link.service';
import { cleanGroupHandle } from './invite.rules';

@Controller()
export class InviteController {
  constructor(
    private readonly links: InviteLinkService,
    private readonly joins: GroupJoinService,
  ) {}

  @MessagePattern(S.CreateInviteLink)
  create(@Payload() input: CreateInviteLinkRequest) {
    return this.links.create(input);
  }

  @MessagePattern(S.RevokeInviteLink)
  revoke(@Payload() input: InviteLinkRequest) {
    return this.links.revoke(input.viewerId, input.linkId);
  }

  @MessagePattern(S.ListInviteLinks)
  list(@Payload() input: ListInviteLinksRequest) {
    return this.links.list(input);
  }

  @MessagePattern(S.PreviewInvite)
  preview(@Payload() input: InviteTokenRequest) {
    return this.links.preview(input.viewerId, input.token);
  }

  @MessagePattern(S.JoinByInvite)
  join(@Payload() input: InviteTokenRequest) {
    return this.links.join(input.viewerId, input.token);
  }

  @MessagePattern(S.ListJoinRequests)
  requests(@Payload() input: ListInviteLinksRequest) {
    return this.joins.listRequests(input);
  }

  @MessagePattern(S.DecideJoinRequest)
  decide(@Payload() input: DecideJoinRequestRequest) {
    return this.joins.decide(input);
  }

  @MessagePattern(S.SetGroupHandle)
  setHandle(@Payload() input: SetGroupHandleRequest) {
    return this.joins.setHandle(input.viewerId, input.conversationId, cleanGroupHandle(input.handle));
  }

  @MessagePattern(S.PreviewPublicGroup)
  previewPublic(@Payload() input: PublicGroupRequest) {
    return this.joins.previewPublic(input.viewerId, input.handle);
  }

  @MessagePattern(S.JoinPublicGroup)
  joinPublic(@Payload() input: PublicGroupRequest) {
    return this.joins.joinPublic(input.viewerId, input.handle);
  }
}
