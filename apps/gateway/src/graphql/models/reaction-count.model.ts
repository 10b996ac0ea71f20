import { Field, Int, ObjectType } from '@nestjs/graphql';

/** How many reacted with one emoji, on a message or a post. */
@ObjectType('ReactionCount')
export class ReactionCountModel {
  @Field(() => String) emoji: string;
  @Field(() => Int) count: number;
  @Field(() => Boolean) reactedByMe: boolean;
}
