import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/scalars';

@ObjectType('Session')
export class SessionModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) deviceName: string | null;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => DateTimeScalar) lastActiveAt: string;
  @Field(() => Boolean, { description: 'True for the session that made this request.' }) current: boolean;
}
