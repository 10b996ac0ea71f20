import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ChatMoneyIdRequest,
  ChatMoneySubjects as S,
  GetPaymentRefsRequest,
  PayChatMoneyRequest,
  RequestMoneyRequest,
  SplitBillRequest,
} from '@app/contracts';
import { BillSplitService } from './bill-split.service';
import { ChatMoneyReader } from './chat-money.reader';
import { MoneyRequestService } from './money-request.service';

@Controller()
export class ChatMoneyController {
  constructor(
    private readonly requests: MoneyRequestService,
    private readonly splits: BillSplitService,
    private readonly reader: ChatMoneyReader,
  ) {}

  @MessagePattern(S.RequestMoney)
  request(@Payload() input: RequestMoneyRequest) {
    return this.requests.request(input);
  }

  @MessagePattern(S.PayMoneyRequest)
  pay(@Payload() input: PayChatMoneyRequest) {
    return this.requests.pay(input);
  }

  @MessagePattern(S.DeclineMoneyRequest)
  decline(@Payload() input: ChatMoneyIdRequest) {
    return this.requests.decline(input);
  }

  @MessagePattern(S.CancelMoneyRequest)
  cancel(@Payload() input: ChatMoneyIdRequest) {
    return this.requests.cancel(input);
  }

  @MessagePattern(S.GetMoneyRequests)
  getRequests(@Payload() input: GetPaymentRefsRequest) {
    return this.reader.requests(input);
  }

  @MessagePattern(S.SplitBill)
  split(@Payload() input: SplitBillRequest) {
    return this.splits.split(input);
  }

  @MessagePattern(S.PayBillShare)
  payShare(@Payload() input: PayChatMoneyRequest) {
    return this.splits.payShare(input);
  }

  @MessagePattern(S.CancelBillSplit)
  cancelSplit(@Payload() input: ChatMoneyIdRequest) {
    return this.splits.cancel(input);
  }

  @MessagePattern(S.GetBillSplits)
  getSplits(@Payload() input: GetPaymentRefsRequest) {
    return this.reader.splits(input);
  }
}
