import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AttachMessageRequest,
  DeleteMessageRequest,
  EditMessageRequest,
  ForwardMessageRequest,
  GetMessagesRequest,
  ListMessagesRequest,
  MediaVisibleRequest,
  MessagingIntegrationSubjects as I,
  MessagingSubjects as S,
  ReactRequest,
  SearchMessagesRequest,
  SendMessageRequest,
} from '@app/contracts';
import { MessageChangeService } from './message-change.service';
import { MessageReader } from './message.reader';
import { MessageService } from './message.service';

@Controller()
export class MessageController {
  constructor(
    private readonly messages: MessageService,
    private readonly changes: MessageChangeService,
    private readonly reader: MessageReader,
  ) {}

  @MessagePattern(S.SendMessage)
  send(@Payload() input: SendMessageRequest) {
    return this.messages.send(input);
  }

  @MessagePattern(S.ForwardMessage)
  forward(@Payload() input: ForwardMessageRequest) {
    return this.messages.forward(input);
  }

  @MessagePattern(S.EditMessage)
  edit(@Payload() input: EditMessageRequest) {
    return this.changes.edit(input);
  }

  @MessagePattern(S.DeleteMessage)
  delete(@Payload() input: DeleteMessageRequest) {
    return this.changes.delete(input);
  }

  @MessagePattern(S.ReactToMessage)
  react(@Payload() input: ReactRequest) {
    return this.changes.react(input);
  }

  @MessagePattern(S.ListMessages)
  list(@Payload() input: ListMessagesRequest) {
    return this.reader.list(input);
  }

  @MessagePattern(S.GetMessages)
  getMany(@Payload() input: GetMessagesRequest) {
    return this.reader.byIds(input.viewerId, input.ids);
  }

  @MessagePattern(S.SearchMessages)
  search(@Payload() input: SearchMessagesRequest) {
    return this.reader.search(input);
  }

  /** For payments and news (fixed wire contract: messaging.integration.ts). */
  @MessagePattern(I.AttachMessage)
  attach(@Payload() input: AttachMessageRequest) {
    return this.messages.attach(input);
  }

  /** For media (Query.media): whether the user sees this media in some message. */
  @MessagePattern(I.MediaVisible)
  mediaVisible(@Payload() input: MediaVisibleRequest) {
    return this.messages.mediaVisible(input);
  }
}
