import { HealthCheckResponse, Rpc } from '../common/rpc';
import { MediaSubjects as S } from './media.subjects';
import * as Q from './media.requests';
import * as R from './media.responses';

/** Each media subject with its request and response. */
export type MediaRpc = {
  [S.StartUpload]: Rpc<Q.StartUploadRequest, R.UploadStarted>;
  [S.UploadStatus]: Rpc<Q.UploadStatusRequest, R.UploadStatusView | null>;
  [S.AppendChunk]: Rpc<Q.AppendChunkRequest, R.AppendChunkResult>;
  [S.FinishUpload]: Rpc<Q.FinishUploadRequest, R.MediaView>;
  [S.GetForViewer]: Rpc<Q.GetMediaForViewerRequest, R.MediaView | null>;
  [S.GetMany]: Rpc<Q.GetManyMediaRequest, R.MediaView[]>;
  [S.CheckUsable]: Rpc<Q.CheckUsableRequest, R.MediaView[]>;
  [S.Locate]: Rpc<Q.LocateMediaRequest, R.MediaLocation | null>;
  [S.SetAvatar]: Rpc<Q.SetAvatarRequest, boolean>;
  [S.Avatars]: Rpc<Q.UserIdsRequest, R.UserAvatar[]>;
  [S.SetChannelPhoto]: Rpc<Q.SetChannelPhotoRequest, boolean>;
  [S.ChannelPhotos]: Rpc<Q.ChannelIdsRequest, R.ChannelPhoto[]>;
  [S.AttachToPost]: Rpc<Q.AttachToPostRequest, boolean>;
  [S.PostMedia]: Rpc<Q.PostIdsRequest, R.PostMedia[]>;
  [S.Health]: Rpc<Record<string, never>, HealthCheckResponse>;
};
