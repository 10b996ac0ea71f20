import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DateTimeScalar } from '../graphql/scalars';

@InputType('CreateChannelInput')
export class CreateChannelInput {
  @Field(() => String) @IsString() @MaxLength(256) handle: string;
  @Field(() => String) @IsString() @MaxLength(1024) title: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(8192) description?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Sign posts with the author's display name." })
  @IsOptional()
  @IsBoolean()
  signPosts?: boolean | null;
}

@InputType('UpdateChannelInput')
export class UpdateChannelInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1024) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(8192) description?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() signPosts?: boolean | null;
}

@InputType('PublishPostInput')
export class PublishPostInput {
  @Field(() => ID) @IsString() @MaxLength(64) channelId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(4096) title?: string | null;
  @Field(() => String, { description: '1..16384 characters.' }) @IsString() @MaxLength(65536) text: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(8192) url?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Publish later; the post is invisible to readers until then.' })
  @IsOptional()
  @IsString()
  scheduledAt?: string | null;
  @Field(() => [ID], { nullable: true, description: "Up to 10 of the author's finished uploads." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  mediaIds?: string[] | null;
}

@InputType('EditPostInput')
export class EditPostInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(4096) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(65536) text?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(8192) url?: string | null;
}

@ArgsType()
export class ChannelArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) id?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) handle?: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

@ArgsType()
export class ChannelsArgs extends PageArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) query?: string | null;
}

@ArgsType()
export class SearchPostsArgs extends PageArgs {
  @Field(() => String) @IsString() @MaxLength(256) query: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) channelId?: string | null;
}

@ArgsType()
export class ViewPostsArgs {
  @Field(() => [ID]) @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) postIds: string[];
}

@ArgsType()
export class ReactToPostArgs {
  @Field(() => ID) @IsString() @MaxLength(64) postId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) emoji?: string | null;
}
