import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddBankAccountRequest,
  InspectIbanRequest,
  ListBankAccountsRequest,
  ListPayoutsRequest,
  PayoutsIdRequest,
  PayoutsSubjects,
  QuotePayoutRequest,
  RequestPayoutRequest,
} from '@app/contracts';
import { BankAccountService } from './bank-account.service';
import { PayoutService } from './payout.service';

@Controller()
export class PayoutController {
  constructor(
    private readonly accounts: BankAccountService,
    private readonly payouts: PayoutService,
  ) {}

  @MessagePattern(PayoutsSubjects.InspectIban)
  inspectIban(@Payload() input: InspectIbanRequest) {
    return this.accounts.inspect(input);
  }

  @MessagePattern(PayoutsSubjects.AddBankAccount)
  addBankAccount(@Payload() input: AddBankAccountRequest) {
    return this.accounts.add(input);
  }

  @MessagePattern(PayoutsSubjects.RemoveBankAccount)
  removeBankAccount(@Payload() input: PayoutsIdRequest) {
    return this.accounts.remove(input);
  }

  @MessagePattern(PayoutsSubjects.ListBankAccounts)
  listBankAccounts(@Payload() input: ListBankAccountsRequest) {
    return this.accounts.list(input.viewerId);
  }

  @MessagePattern(PayoutsSubjects.QuotePayout)
  quote(@Payload() input: QuotePayoutRequest) {
    return this.payouts.quote(input);
  }

  @MessagePattern(PayoutsSubjects.RequestPayout)
  request(@Payload() input: RequestPayoutRequest) {
    return this.payouts.request(input);
  }

  @MessagePattern(PayoutsSubjects.CancelPayout)
  cancel(@Payload() input: PayoutsIdRequest) {
    return this.payouts.cancel(input);
  }

  @MessagePattern(PayoutsSubjects.ListPayouts)
  list(@Payload() input: ListPayoutsRequest) {
    return this.payouts.list(input);
  }
}
