import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { NOTIFY_OF, NotifyOf } from '@app/contracts';
import { DateTimeScalar } from '../graphql/scalars';

export enum NotifyOfEnum {
  ALL = 'ALL',
  DIRECT = 'DIRECT',
  NONE = 'NONE',
}
registerEnumType(NotifyOfEnum, {
  name: 'NotifyOf',
  description: 'What the user is notified of on devices that are not connected.',
  valuesMap: {
    ALL: { description: 'Every message in a conversation that is not muted.' },
    DIRECT: { description: 'Messages in direct conversations (not muted) only.' },
    NONE: { description: 'Nothing.' },
  },
});

@ObjectType('NotificationSettings')
export class NotificationSettingsModel {
  @Field(() => NotifyOfEnum) notifyOf: NotifyOf;
  @Field(() => Boolean, {
    description: 'Whether a notification shows the sender and the start of the message; when false only "new message".',
  })
  showPreviews: boolean;
}

@ObjectType('PushSubscription', { description: "A browser registered for Web Push (the browser's PushSubscription)." })
export class PushSubscriptionModel {
  @Field(() => ID) id: string;
  @Field(() => String) endpoint: string;
  @Field(() => DateTimeScalar) createdAt: string;
}

@InputType('NotificationSettingsInput')
export class NotificationSettingsInput {
  @Field(() => NotifyOfEnum, { nullable: true }) @IsOptional() @IsIn(NOTIFY_OF) notifyOf?: NotifyOf | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() showPreviews?: boolean | null;
}

@InputType('PushSubscriptionInput', { description: 'PushSubscription.toJSON() of the browser: its endpoint and keys.' })
export class PushSubscriptionInput {
  @Field(() => String, { description: "The push service's URL (https)." }) @IsString() @MaxLength(2048) endpoint: string;
  @Field(() => String, { description: 'keys.p256dh, base64url.' }) @IsString() @MaxLength(256) p256dh: string;
  @Field(() => String, { description: 'keys.auth, base64url.' }) @IsString() @MaxLength(256) auth: string;
}
