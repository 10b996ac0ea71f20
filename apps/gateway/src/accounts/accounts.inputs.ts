import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CONTACTS_PER_IMPORT, PHONE_DISCOVERY, PhoneDiscovery } from '@app/contracts';
import { PhoneDiscoveryEnum } from './phone-discovery.enum';

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
  @Field(() => PhoneDiscoveryEnum, { nullable: true, description: 'Who can find me by my number.' })
  @IsOptional()
  @IsIn(PHONE_DISCOVERY)
  findByPhone?: PhoneDiscovery | null;
}

@InputType('ContactInput')
export class ContactInput {
  @Field(() => String, { description: 'As the address book has it: 0912…, +98 912…, Persian digits, spaces, dashes.' })
  @IsString()
  @MaxLength(64)
  phone: string;
  @Field(() => String) @IsString() @MaxLength(256) name: string;
}

@InputType('ImportContactsInput')
export class ImportContactsInput {
  @Field(() => [ContactInput])
  @IsArray()
  @ArrayMaxSize(CONTACTS_PER_IMPORT)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  contacts: ContactInput[];
}

@ArgsType()
export class ContactsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

@ArgsType()
export class DeleteContactsArgs {
  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(CONTACTS_PER_IMPORT) @IsString({ each: true }) phones?:
    string[] | null;
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
