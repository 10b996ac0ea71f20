import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '@app/contracts';

/** Where a page of any connection sits (chats, messages, members, posts, channels, transactions, bill payments). */
@ObjectType('PageInfo')
export class PageInfoModel implements PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => Boolean) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}
