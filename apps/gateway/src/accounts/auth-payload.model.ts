import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/scalars';
import { SessionModel } from './session.model';
import { UserModel } from './user.model';

@ObjectType('LoginCodeSent')
export class LoginCodeSentModel {
  @Field(() => String, { description: 'The phone number as normalized to E.164, e.g. +989121234567.' }) phone: string;
  @Field(() => DateTimeScalar) expiresAt: string;
  @Field(() => Int, { description: 'Seconds before another code may be requested for this number.' }) retryAfter: number;
}

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field(() => String) accessToken: string;
  @Field(() => DateTimeScalar) accessTokenExpiresAt: string;
  @Field(() => String) refreshToken: string;
  @Field(() => UserModel) user: UserModel;
  @Field(() => SessionModel) session: SessionModel;
  @Field(() => Boolean, { description: 'True when this sign-in created the account.' }) newUser: boolean;
}
