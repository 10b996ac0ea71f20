import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

export enum MessageEntityKindEnum {
  MENTION = 'MENTION',
  TEXT_MENTION = 'TEXT_MENTION',
}
registerEnumType(MessageEntityKindEnum, {
  name: 'MessageEntityKind',
  valuesMap: {
    MENTION: { description: '@username in the text, found by the server.' },
    TEXT_MENTION: { description: 'A name chosen in a mention picker (MentionInput).' },
  },
});

/** `user` is a field resolver (mention.resolver.ts). */
@ObjectType('MessageEntity', {
  description:
    "A part of a message's text that means something more: offset and length in UTF-16 code units (JavaScript string indices) of `text`.",
})
export class MessageEntityModel {
  @Field(() => MessageEntityKindEnum) kind: MessageEntityKindEnum;
  @Field(() => Int) offset: number;
  @Field(() => Int) length: number;
  userId: string;
}

@InputType('MentionInput', {
  description:
    'A mention chosen in a picker: where the name sits in the text as sent, in UTF-16 code units, and who it is (a current member). @username mentions need none.',
})
export class MentionInput {
  @Field(() => Int) @IsInt() @Min(0) @Max(65536) offset: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(65536) length: number;
  @Field(() => String) @IsString() @MaxLength(64) userId: string;
}
