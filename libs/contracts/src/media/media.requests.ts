import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const MEDIA_KINDS = ['PHOTO', 'VIDEO', 'VOICE', 'AUDIO', 'FILE'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export class StartUploadRequest {
  @IsUUID() viewerId: string;
  @IsIn(MEDIA_KINDS) kind: MediaKind;
  @IsString() @MaxLength(255) mimeType: string;
  @IsInt() @Min(0) size: number;
  @IsOptional() @IsString() @MaxLength(1024) fileName?: string | null;
  @IsOptional() @IsNumber() @Min(0) @Max(1_000_000) durationSeconds?: number | null;
  @IsOptional() @IsString() @MaxLength(64) sha256?: string | null;
  /** VIDEO: the size in pixels the client reports, shown (marked as such) when no decoder measures it. */
  @IsOptional() @IsInt() @Min(1) @Max(65_535) width?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(65_535) height?: number | null;
}

export class UploadStatusRequest {
  @IsUUID() mediaId: string;
}

export class AppendChunkRequest {
  @IsUUID() mediaId: string;
  @IsInt() @Min(0) offset: number;
  /** The object the gateway stored the chunk's bytes in. */
  @IsString() @MaxLength(512) key: string;
  @IsInt() @Min(1) size: number;
}

export class FinishUploadRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) mediaId: string;
}

export class GetMediaForViewerRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) mediaId: string;
}

export class GetManyMediaRequest {
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) ids: string[];
}

export class CheckUsableRequest {
  @IsUUID() viewerId: string;
  @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) mediaIds: string[];
  /** The input field named in BAD_USER_INPUT. */
  @IsString() @MaxLength(64) field: string;
}

export class LocateMediaRequest {
  @IsUUID() mediaId: string;
  @IsIn(['file', 'thumb']) variant: 'file' | 'thumb';
}

export class SetAvatarRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsString() @MaxLength(64) mediaId?: string | null;
}

export class UserIdsRequest {
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) userIds: string[];
}

export class SetChannelPhotoRequest {
  @IsUUID() viewerId: string;
  @IsUUID() channelId: string;
  @IsOptional() @IsString() @MaxLength(64) mediaId?: string | null;
}

export class ChannelIdsRequest {
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) channelIds: string[];
}

export class AttachToPostRequest {
  @IsUUID() viewerId: string;
  @IsUUID() postId: string;
  @IsArray() @ArrayMaxSize(10) @IsUUID('all', { each: true }) mediaIds: string[];
}

export class PostIdsRequest {
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) postIds: string[];
}
