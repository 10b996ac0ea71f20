import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsSubjects, BlockedByRequest, BlockRequest, CheckBlockRequest } from '@app/contracts';
import { BlockService } from './block.service';

@Controller()
export class BlockController {
  constructor(private readonly blocks: BlockService) {}

  @MessagePattern(AccountsSubjects.BlockUser)
  block(@Payload() input: BlockRequest) {
    return this.blocks.block(input.viewerId, input.targetId);
  }

  @MessagePattern(AccountsSubjects.UnblockUser)
  unblock(@Payload() input: BlockRequest) {
    return this.blocks.unblock(input.viewerId, input.targetId);
  }

  @MessagePattern(AccountsSubjects.CheckBlock)
  checkBlock(@Payload() input: CheckBlockRequest) {
    return this.blocks.check(input.userId, input.otherId);
  }

  @MessagePattern(AccountsSubjects.BlockedBy)
  blockedBy(@Payload() input: BlockedByRequest) {
    return this.blocks.blockedBy(input.userId, input.otherIds);
  }
}
