import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow } from '@app/common';
import {
  AttachMessageRequest,
  ConversationKind,
  ForwardMessageRequest,
  MediaVisibleRequest,
  MediaVisibleResponse,
  MessageView,
  SendMessageRequest,
} from '@app/contracts';
import { normalizeDisplayText, searchDocument } from '@app/persian';
import { AccountsClient } from '../clients/accounts.client';
import { MediaClient } from '../clients/media.client';
import { MessagingEnv } from '../config/messaging.env';
import { LivePublisher } from '../updates/live.publisher';
import { checkMentionInputs } from '../mentions/mention.rules';
import { MentionService } from '../mentions/mention.service';
import { GroupRules } from '../moderation/group-rules';
import { mediaVisibleToMember } from './message-media';
import { MessageReader } from './message.reader';
import { checkClientId, cleanText } from './message.rules';
import { MessageViewSet, storedMessageRow, toMessageView } from './message.row';
import { MessageWriter, PostInput, Posted } from './message.writer';

/** What never changes about a conversation: its kind and, for DIRECT, its two users. */
interface ConversationMeta {
  kind: ConversationKind;
  pair: [string, string] | null;
}

const META_CACHE_MAX = 100_000;

/**
 * New messages: sendMessage, forwardMessage and other services' attachments.
 * A send is one request from the gateway and one SQL round trip here
 * (post_messages, shared with the sends stored in the same batch), plus, in
 * a direct conversation, a block check against accounts; the live push
 * follows the commit.
 */
@Injectable()
export class MessageService {
  private readonly meta = new Map<string, ConversationMeta>();

  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    private readonly writer: MessageWriter,
    private readonly reader: MessageReader,
    private readonly accounts: AccountsClient,
    private readonly media: MediaClient,
    private readonly live: LivePublisher,
    private readonly mentions: MentionService,
    private readonly groupRules: GroupRules,
  ) {}

  async send(input: SendMessageRequest): Promise<MessageView> {
    const clientId = checkClientId(input.clientId);
    const mediaIds = input.mediaIds ?? [];
    // With media, the text is an optional caption.
    const captionOnly = mediaIds.length > 0 && !normalizeDisplayText(input.text);
    const { text, searchDoc } = captionOnly ? { text: null, searchDoc: null } : cleanText(input.text, this.env.MESSAGE_MAX_LENGTH);
    if (input.replyToId && !isUuid(input.replyToId))
      throw DomainError.badInput('replyToId', 'A reply must answer a message of the same conversation');
    const meta = await this.checkCanReach(input.viewerId, input.conversationId);
    // Only groups have admins' rules for senders: a direct send makes no query for them.
    if (meta.kind === 'GROUP') await this.groupRules.check(input.viewerId, input.conversationId, clientId);
    if (mediaIds.length) await this.media.checkUsable(input.viewerId, mediaIds);
    const fields: PostInput = {
      conversationId: input.conversationId,
      senderId: input.viewerId,
      kind: 'TEXT',
      clientId,
      text,
      searchDoc,
      replyToId: input.replyToId ?? null,
      mediaIds,
    };
    const picked = checkMentionInputs(input.entities, input.text);
    const posted = await this.writer.send(fields);
    await this.mentions.afterSend(posted, input.viewerId, input.conversationId, { original: input.text, stored: text }, picked);
    return this.finish(input.viewerId, posted, fields);
  }

  async forward(input: ForwardMessageRequest): Promise<MessageView> {
    const clientId = checkClientId(input.clientId);
    const source = await this.reader.visibleRow(input.viewerId, input.messageId);
    if (source.deleted_at) throw DomainError.badInput('messageId', 'A deleted message cannot be forwarded');
    if (source.kind !== 'TEXT' && source.kind !== 'POST_SHARE')
      throw DomainError.badInput('messageId', `A ${source.kind} message cannot be forwarded`);
    const meta = await this.checkCanReach(input.viewerId, input.toConversationId);
    if (meta.kind === 'GROUP') await this.groupRules.check(input.viewerId, input.toConversationId, clientId);
    const fields: PostInput = {
      conversationId: input.toConversationId,
      senderId: input.viewerId,
      kind: source.kind,
      clientId,
      text: source.text,
      searchDoc: source.text ? searchDocument(source.text) : null,
      forwardedFromId: source.forwarded_from_id ?? source.sender_id,
      refId: source.ref_id,
      // A forward keeps the album: the media stay the original sender's, now also seen here.
      mediaIds: source.media_ids,
    };
    return this.finish(input.viewerId, await this.writer.send(fields), fields);
  }

  /** For payments and news: a PAYMENT / BILL_PAYMENT / POST_SHARE message, as its sender, idempotent by clientId. */
  async attach(input: AttachMessageRequest): Promise<MessageView> {
    const clientId = checkClientId(input.clientId);
    // An attachment's caption is optional: blank means none.
    const cleaned = input.text && normalizeDisplayText(input.text) ? cleanText(input.text, this.env.MESSAGE_MAX_LENGTH) : null;
    const fields: PostInput = {
      conversationId: input.conversationId,
      senderId: input.senderId,
      kind: input.kind,
      clientId,
      text: cleaned?.text ?? null,
      searchDoc: cleaned?.searchDoc ?? null,
      refId: input.refId,
    };
    return this.finish(input.senderId, await this.writer.send(fields, true), fields);
  }

  async mediaVisible(input: MediaVisibleRequest): Promise<MediaVisibleResponse> {
    if (!isUuid(input.mediaId)) return { visible: false };
    return { visible: await mediaVisibleToMember(this.ds, input.userId, input.mediaId) };
  }

  /**
   * Only members reach a conversation (the database checks that again under
   * its lock); in a direct one, neither may have blocked the other.
   */
  private async checkCanReach(viewerId: string, conversationId: string): Promise<ConversationMeta> {
    if (!isUuid(conversationId)) throw DomainError.notFound('No such conversation');
    const meta = await this.conversationMeta(conversationId);
    if (!meta) throw DomainError.notFound('No such conversation');
    if (meta.pair) {
      if (!meta.pair.includes(viewerId)) throw DomainError.notFound('No such conversation');
      await this.accounts.assertNotBlocked(viewerId, meta.pair[0] === viewerId ? meta.pair[1] : meta.pair[0]);
    }
    return meta;
  }

  private async conversationMeta(id: string): Promise<ConversationMeta | null> {
    const cached = this.meta.get(id);
    if (cached) return cached;
    const row = await queryRow<{ kind: ConversationKind; direct_key: string | null }>(
      this.ds,
      `SELECT kind, direct_key FROM conversations WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    const meta: ConversationMeta = { kind: row.kind, pair: row.direct_key ? (row.direct_key.split(':') as [string, string]) : null };
    if (this.meta.size >= META_CACHE_MAX) this.meta.clear();
    this.meta.set(id, meta);
    return meta;
  }

  /**
   * The new message as its sender sees it, pushed live to every recipient.
   * A retried send gets the first message back and pushes nothing: its
   * updates went out with the first attempt.
   */
  private async finish(viewerId: string, posted: Posted, fields: PostInput): Promise<MessageView> {
    if (posted.duplicate) return (await this.reader.byIds(viewerId, [posted.messageId]))[0];
    const row = storedMessageRow({ id: posted.messageId, seq: posted.seq, createdAt: posted.createdAt }, fields);
    // Pushed without the replied-to message: its reactions are per viewer, and the gateway loads it on demand.
    this.live.messageAdded(toMessageView(row), posted.delivery.recipients, posted.delivery.positions);
    if (!row.reply_to_id) return { ...toMessageView(row), replyTo: null };
    const set = await MessageViewSet.load(this.ds, [row], [viewerId]);
    return set.view(row.id, viewerId)!;
  }
}
