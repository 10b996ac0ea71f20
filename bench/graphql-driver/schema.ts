// Code-first schema shaped like the gateway's chat list: 20 conversations, each
// with a nested last message (sender, reactions) and a members connection
// resolved by a field resolver with arguments, as the real API does. Data is
// built once in memory so the benchmark measures the GraphQL engine, not I/O.
import { Args, Field, GraphQLISODateTime, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

@ObjectType()
export class User {
  @Field(() => ID) id: string;
  @Field() displayName: string;
  @Field() username: string;
}

@ObjectType()
export class Reaction {
  @Field() emoji: string;
  @Field(() => Int) count: number;
  @Field() reactedByMe: boolean;
}

@ObjectType()
export class Message {
  @Field(() => ID) id: string;
  @Field(() => Int) seq: number;
  @Field() text: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => User) sender: User;
  @Field(() => [Reaction]) reactions: Reaction[];
}

@ObjectType()
export class MemberConnection {
  @Field(() => Int) totalCount: number;
  @Field(() => [User]) nodes: User[];
}

@ObjectType()
export class Conversation {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() title: string;
  @Field(() => Int) unreadCount: number;
  @Field() muted: boolean;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => Message, { nullable: true }) lastMessage: Message | null;
  // Not a @Field: exposed through the `members(first:)` field resolver below.
  memberList: User[];
}

// Deterministic data, so all responses of one driver are byte-identical and
// the runner can check every body with a plain string equality.
const base = Date.UTC(2026, 10, 1, 9, 0, 0);
const names = ['سارا', 'رضا', 'مریم', 'علی', 'نگار', 'امیر', 'لیلا', 'حسین', 'زهرا', 'کاوه'];
const users: User[] = Array.from({ length: 60 }, (_, i) => ({
  id: `u_${1000 + i}`,
  displayName: names[i % names.length],
  username: `user${i + 1}`,
}));
const texts = ['باشه، فردا می‌بینمت', 'رسید، ممنون 🙏', 'کجایی؟', 'قبض برق پرداخت شد'];
const conversations: Conversation[] = Array.from({ length: 20 }, (_, i) => ({
  id: `c_${5000 + i}`,
  kind: i % 4 === 0 ? 'GROUP' : 'DIRECT',
  title: i % 4 === 0 ? `گروه ${i + 1}` : users[i].displayName,
  unreadCount: (i * 7) % 13,
  muted: i % 5 === 0,
  updatedAt: new Date(base + i * 60_000),
  lastMessage: {
    id: `m_${90000 + i}`,
    seq: 100 + i * 3,
    text: texts[i % texts.length],
    createdAt: new Date(base + i * 60_000),
    sender: users[(i * 3) % users.length],
    // 0, 1 or 2 reactions, one on average.
    reactions: [
      { emoji: '👍', count: 1 + (i % 4), reactedByMe: i % 2 === 0 },
      { emoji: '❤️', count: 1 + (i % 3), reactedByMe: false },
    ].slice(0, i % 3),
  },
  memberList: Array.from({ length: 8 }, (_, k) => users[(i + k * 7) % users.length]),
}));

@Resolver(() => Conversation)
export class ConversationResolver {
  @Query(() => [Conversation])
  conversations(@Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number): Conversation[] {
    return conversations.slice(0, first);
  }

  @ResolveField(() => MemberConnection)
  members(
    @Parent() conversation: Conversation,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 10 }) first: number,
  ): MemberConnection {
    return { totalCount: conversation.memberList.length, nodes: conversation.memberList.slice(0, first) };
  }
}

// The selection keeps the response near 7 KB (7.6 KB), the size the machine's
// reference figures were measured with.
export const QUERY = `query Conversations($first: Int) {
  conversations(first: $first) {
    id title unreadCount muted
    lastMessage {
      id seq text createdAt
      sender { id displayName username }
      reactions { emoji count reactedByMe }
    }
    members(first: 3) { nodes { id } }
  }
}`;
