import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetTopUpRequest,
  PaymentsSubjects,
  SandboxDecideRequest,
  SandboxSessionRequest,
  StartTopUpRequest,
  TopUpCallbackRequest,
} from '@app/contracts';
import { BankRegistry } from '../banks/bank.registry';
import { TopUpService } from './topup.service';

@Controller()
export class TopUpController {
  constructor(
    private readonly topUps: TopUpService,
    private readonly banks: BankRegistry,
  ) {}

  @MessagePattern(PaymentsSubjects.StartTopUp)
  start(@Payload() input: StartTopUpRequest) {
    return this.topUps.start(input);
  }

  @MessagePattern(PaymentsSubjects.GetTopUp)
  get(@Payload() input: GetTopUpRequest) {
    return this.topUps.get(input.viewerId, input.id);
  }

  @MessagePattern(PaymentsSubjects.TopUpCallback)
  callback(@Payload() input: TopUpCallbackRequest) {
    return this.topUps.callback(input);
  }

  @MessagePattern(PaymentsSubjects.SandboxSession)
  sandboxSession(@Payload() input: SandboxSessionRequest) {
    return this.banks.sandbox().session(input.authority);
  }

  @MessagePattern(PaymentsSubjects.SandboxDecide)
  sandboxDecide(@Payload() input: SandboxDecideRequest) {
    return this.banks.sandbox().decide(input.authority, input.action);
  }
}
