import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsSubjects, DeleteContactsRequest, ImportContactsRequest, ListContactsRequest } from '@app/contracts';
import { ContactService } from './contact.service';

@Controller()
export class ContactController {
  constructor(private readonly contacts: ContactService) {}

  @MessagePattern(AccountsSubjects.ImportContacts)
  import(@Payload() input: ImportContactsRequest) {
    return this.contacts.import(input);
  }

  @MessagePattern(AccountsSubjects.ListContacts)
  list(@Payload() input: ListContactsRequest) {
    return this.contacts.list(input.viewerId, input.first, input.after);
  }

  @MessagePattern(AccountsSubjects.DeleteContacts)
  delete(@Payload() input: DeleteContactsRequest) {
    return this.contacts.delete(input.viewerId, input.phones);
  }
}
