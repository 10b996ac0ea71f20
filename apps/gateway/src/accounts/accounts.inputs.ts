import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

@InputType('SignInInput')
export class SignInInput {
  @Field(() => String) @IsString() @MaxLength(64) phone: string;
  @Field(() => String) @IsString() @MaxLength(32) code: string;
  @Field(() => String, {
    nullable: true,
    description: 'Required when the account has a two-step password (error PASSWORD_REQUIRED otherwise).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(128) deviceName?: string | null;
  @Field(() => String, { nullable: true, description: 'Used only when the sign-in creates the account.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  displayName?: string | null;
}

@InputType('UpdateProfileInput')
export class UpdateProfileInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) displayName?: string | null;
  @Field(() => String, { nullable: true, description: '3..32 of a-z, 0-9 and _, starting with a letter; unique, case-insensitive.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  username?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1024) bio?: string | null;
}

@InputType('PrivacyInput')
export class PrivacyInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() showLastSeen?: boolean | null;
}

@ArgsType()
export class UserArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) id?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) username?: string | null;
}

@ArgsType()
export class SearchUsersArgs {
  @Field(() => String) @IsString() @MaxLength(256) query: string;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
}

@ArgsType()
export class TwoStepPasswordArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1024) currentPassword?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1024) newPassword?: string | null;
}
