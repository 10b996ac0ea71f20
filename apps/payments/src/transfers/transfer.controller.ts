import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetPaymentRefsRequest, PaymentsSubjects, TransferMoneyRequest } from '@app/contracts';
import { TransferService } from './transfer.service';

@Controller()
export class TransferController {
  constructor(private readonly transfers: TransferService) {}

  @MessagePattern(PaymentsSubjects.TransferMoney)
  transfer(@Payload() input: TransferMoneyRequest) {
    return this.transfers.transfer(input);
  }

  @MessagePattern(PaymentsSubjects.GetTransfers)
  getMany(@Payload() input: GetPaymentRefsRequest) {
    return this.transfers.getMany(input);
  }
}
