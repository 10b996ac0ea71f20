import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MediaKind } from '@app/contracts';
import { DateTimeScalar } from '../graphql/scalars';

export enum MediaKindEnum {
  PHOTO = 'PHOTO',
  VIDEO = 'VIDEO',
  VOICE = 'VOICE',
  AUDIO = 'AUDIO',
  FILE = 'FILE',
}
registerEnumType(MediaKindEnum, {
  name: 'MediaKind',
  valuesMap: { VOICE: { description: 'A voice note recorded in the app (Opus in Ogg or WebM).' } },
});

/** A finished media (media's MediaView); url, thumbnailUrl and urlExpiresAt are signed here (media.resolver.ts). */
@ObjectType('Media')
export class MediaModel {
  @Field(() => ID) id: string;
  @Field(() => MediaKindEnum) kind: MediaKind;
  @Field(() => String, { description: 'As found in the bytes, not as the client claimed.' }) mimeType: string;
  @Field(() => Int, { description: 'Bytes.' }) size: number;
  @Field(() => String, { nullable: true }) fileName: string | null;
  @Field(() => Int, { nullable: true, description: 'Pixels, for PHOTO and VIDEO.' }) width: number | null;
  @Field(() => Int, { nullable: true }) height: number | null;
  @Field(() => Boolean, {
    description:
      'True when width and height are what the uploader’s client reported (a VIDEO the server could not decode: no decoder, or one that could not read it); false when measured from the bytes.',
  })
  dimensionsFromClient: boolean;
  @Field(() => Float, { nullable: true, description: 'For VIDEO, VOICE and AUDIO.' }) durationSeconds: number | null;
  @Field(() => [Int], { nullable: true, description: 'VOICE only: 64 loudness samples, each 0..31, to draw the waveform.' })
  waveform: number[] | null;
  @Field(() => String, { nullable: true, description: 'A BlurHash of a PHOTO or VIDEO frame, to show while it loads.' })
  blurhash: string | null;
  @Field(() => DateTimeScalar) createdAt: string;

  /** Not in the schema. */
  hasThumbnail: boolean;
  ownerId: string;
  etag: string;
  /** When this object's URLs expire (unix seconds), fixed at the first URL signed. */
  urlExp?: number;
}

@ObjectType('UploadTicket')
export class UploadTicketModel {
  @Field(() => ID) mediaId: string;
  @Field(() => String, { description: 'Send the bytes here, in one request or resumably in chunks (CONTRACT.md).' }) uploadUrl: string;
  @Field(() => DateTimeScalar) expiresAt: string;
}
