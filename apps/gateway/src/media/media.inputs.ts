import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MEDIA_KINDS, MediaKind } from '@app/contracts';
import { MediaKindEnum } from './media.model';

@InputType('StartUploadInput')
export class StartUploadInput {
  @Field(() => MediaKindEnum) @IsIn(MEDIA_KINDS) kind: MediaKind;
  @Field(() => String, { description: 'What the client believes it is; finishUpload checks it against the bytes.' })
  @IsString()
  @MaxLength(255)
  mimeType: string;
  @Field(() => Int, { description: 'Bytes the client will send; at most the configured maximum.' }) @IsInt() @Min(0) size: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1024) fileName?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1_000_000) durationSeconds?: number | null;
  @Field(() => String, { nullable: true, description: 'Optional SHA-256 of the whole file, lower-case hex; finishUpload checks it.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sha256?: string | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'VIDEO: width in pixels as the client knows it; shown (Media.dimensionsFromClient) when the server cannot measure the video.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  width?: number | null;
  @Field(() => Int, { nullable: true, description: 'VIDEO: height in pixels as the client knows it; given together with width.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  height?: number | null;
}

/** Ids are opaque: only their length is checked here. */
export const MEDIA_ID = { type: () => ID };
