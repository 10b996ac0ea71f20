import { Rpc, HealthCheckResponse } from '../common/rpc';
import { AccountsSubjects as S } from './accounts.subjects';
import * as Q from './accounts.requests';
import {
  AuthResponse,
  BlockedByResponse,
  CheckBlockResponse,
  ContactPage,
  ImportContactsResponse,
  LoginCodeSentResponse,
  SessionView,
  UserView,
  ValidateSessionResponse,
  ValidateSessionsResponse,
} from './accounts.responses';

/** Each accounts subject with its request and response. */
export type AccountsRpc = {
  [S.RequestCode]: Rpc<Q.RequestCodeRequest, LoginCodeSentResponse>;
  [S.SignIn]: Rpc<Q.SignInRequest, AuthResponse>;
  [S.RefreshSession]: Rpc<Q.RefreshSessionRequest, AuthResponse>;
  [S.RevokeSession]: Rpc<Q.RevokeSessionRequest, boolean>;
  [S.ListSessions]: Rpc<Q.ListSessionsRequest, SessionView[]>;
  [S.ValidateSession]: Rpc<Q.ValidateSessionRequest, ValidateSessionResponse>;
  [S.ValidateSessions]: Rpc<Q.ValidateSessionsRequest, ValidateSessionsResponse>;
  [S.GetUser]: Rpc<Q.GetUserRequest, UserView | null>;
  [S.GetUsers]: Rpc<Q.GetUsersRequest, UserView[]>;
  [S.GetUsersByUsername]: Rpc<Q.GetUsersByUsernameRequest, UserView[]>;
  [S.SearchUsers]: Rpc<Q.SearchUsersRequest, UserView[]>;
  [S.UpdateProfile]: Rpc<Q.UpdateProfileRequest, UserView>;
  [S.UpdatePrivacy]: Rpc<Q.UpdatePrivacyRequest, UserView>;
  [S.SetPassword]: Rpc<Q.SetPasswordRequest, boolean>;
  [S.CheckPassword]: Rpc<Q.CheckPasswordRequest, boolean>;
  [S.BlockUser]: Rpc<Q.BlockRequest, UserView>;
  [S.UnblockUser]: Rpc<Q.BlockRequest, UserView>;
  [S.CheckBlock]: Rpc<Q.CheckBlockRequest, CheckBlockResponse>;
  [S.BlockedBy]: Rpc<Q.BlockedByRequest, BlockedByResponse>;
  [S.ReportPresence]: Rpc<Q.ReportPresenceRequest, boolean>;
  [S.ImportContacts]: Rpc<Q.ImportContactsRequest, ImportContactsResponse>;
  [S.ListContacts]: Rpc<Q.ListContactsRequest, ContactPage>;
  [S.DeleteContacts]: Rpc<Q.DeleteContactsRequest, number>;
  [S.Health]: Rpc<Record<string, never>, HealthCheckResponse>;
};
