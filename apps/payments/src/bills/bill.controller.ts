import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DecodeBillBarcodeRequest,
  GetPaymentRefsRequest,
  InspectBillRequest,
  ListBillPaymentsRequest,
  PayBillRequest,
  PaymentsSubjects,
} from '@app/contracts';
import { BillService } from './bill.service';

@Controller()
export class BillController {
  constructor(private readonly bills: BillService) {}

  @MessagePattern(PaymentsSubjects.InspectBill)
  inspect(@Payload() input: InspectBillRequest) {
    return this.bills.inspect(input.billId, input.paymentId);
  }

  @MessagePattern(PaymentsSubjects.DecodeBillBarcode)
  decode(@Payload() input: DecodeBillBarcodeRequest) {
    return this.bills.decode(input.barcode);
  }

  @MessagePattern(PaymentsSubjects.PayBill)
  pay(@Payload() input: PayBillRequest) {
    return this.bills.pay(input);
  }

  @MessagePattern(PaymentsSubjects.ListBillPayments)
  list(@Payload() input: ListBillPaymentsRequest) {
    return this.bills.list(input);
  }

  @MessagePattern(PaymentsSubjects.GetBillPayments)
  getMany(@Payload() input: GetPaymentRefsRequest) {
    return this.bills.getMany(input);
  }
}
