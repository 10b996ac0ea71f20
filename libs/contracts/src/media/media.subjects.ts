/** Request subjects served by the media service (queue group "media"). */
export const MediaSubjects = {
  StartUpload: 'media.upload.start.v1',
  /** Where an upload stands: offset and declared length (tus HEAD, and before each chunk). */
  UploadStatus: 'media.upload.status.v1',
  /** Records a chunk the gateway stored, if its offset is still the upload's offset (compare-and-set). */
  AppendChunk: 'media.upload.append.v1',
  FinishUpload: 'media.upload.finish.v1',
  /** Media the viewer may see (Query.media): null where not. */
  GetForViewer: 'media.media.get.v1',
  /** Finished media by id, in the order asked, for things the viewer already may see (Message.media, Post.media). */
  GetMany: 'media.media.get-many.v1',
  /** Checks that media are the viewer's finished uploads before they are attached (sendMessage, publishPost). */
  CheckUsable: 'media.media.check-usable.v1',
  /** Where the bytes of a media (or its thumbnail) are, for a download through a signed URL. */
  Locate: 'media.media.locate.v1',
  SetAvatar: 'media.avatar.set.v1',
  /** Avatars by user id (User.avatar). */
  Avatars: 'media.avatar.get-many.v1',
  SetChannelPhoto: 'media.channel-photo.set.v1',
  ChannelPhotos: 'media.channel-photo.get-many.v1',
  /** Media attached to published posts (Post.media). */
  AttachToPost: 'media.post-media.attach.v1',
  PostMedia: 'media.post-media.get-many.v1',
  Health: 'media.health.check.v1',
} as const;
