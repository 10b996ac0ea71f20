import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetWalletRequest, ListTransactionsRequest, PaymentsSubjects } from '@app/contracts';
import { WalletService } from './wallet.service';

@Controller()
export class WalletController {
  constructor(private readonly wallets: WalletService) {}

  @MessagePattern(PaymentsSubjects.GetWallet)
  get(@Payload() input: GetWalletRequest) {
    return this.wallets.get(input.viewerId);
  }

  @MessagePattern(PaymentsSubjects.ListTransactions)
  transactions(@Payload() input: ListTransactionsRequest) {
    return this.wallets.transactions(input.viewerId, input.first, input.after);
  }
}
