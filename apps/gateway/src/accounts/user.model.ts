import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PhoneDiscovery } from '@app/contracts';
import { DateTimeScalar } from '../graphql/scalars';
import { PhoneDiscoveryEnum } from './phone-discovery.enum';

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id: string;
  @Field(() => String) displayName: string;
  @Field(() => String, { nullable: true }) username: string | null;
  @Field(() => String, { nullable: true }) bio: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The phone number in E.164 form; only the user themself sees it, everyone else gets null.',
  })
  phone: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Null when the user hides it (see updatePrivacy).' })
  lastSeenAt: string | null;
  @Field(() => Boolean, {
    description: 'True while the user has the app open (a live connection); false too when they hide their last seen.',
  })
  online: boolean;
  @Field(() => Boolean, { description: 'True when the viewer has blocked this user.' }) blockedByMe: boolean;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => PhoneDiscoveryEnum, {
    nullable: true,
    description: 'Who can find this user by phone number; only the user themself sees it.',
  })
  findByPhone?: PhoneDiscovery | null;
}
