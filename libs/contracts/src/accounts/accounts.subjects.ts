/** Request subjects served by the accounts service (queue group "accounts"). */
export const AccountsSubjects = {
  RequestCode: 'accounts.code.request.v1',
  SignIn: 'accounts.session.create.v1',
  RefreshSession: 'accounts.session.refresh.v1',
  RevokeSession: 'accounts.session.revoke.v1',
  ListSessions: 'accounts.session.list.v1',
  ValidateSession: 'accounts.session.validate.v1',
  ValidateSessions: 'accounts.session.validate-many.v1',
  GetUser: 'accounts.user.get.v1',
  GetUsers: 'accounts.user.get-many.v1',
  GetUsersByUsername: 'accounts.user.by-usernames.v1',
  SearchUsers: 'accounts.user.search.v1',
  UpdateProfile: 'accounts.profile.update.v1',
  UpdatePrivacy: 'accounts.privacy.update.v1',
  SetPassword: 'accounts.password.set.v1',
  CheckPassword: 'accounts.password.check.v1',
  BlockUser: 'accounts.block.create.v1',
  UnblockUser: 'accounts.block.delete.v1',
  CheckBlock: 'accounts.block.check.v1',
  BlockedBy: 'accounts.block.blocked-by.v1',
  ReportPresence: 'accounts.presence.report.v1',
  ImportContacts: 'accounts.contact.import.v1',
  ListContacts: 'accounts.contact.list.v1',
  DeleteContacts: 'accounts.contact.delete.v1',
  Health: 'accounts.health.check.v1',
} as const;

/**
 * Events published by accounts. Core NATS (not JetStream): a gateway that
 * misses one still stops the session within its validation cache's TTL.
 */
export const AccountsEvents = {
  SessionRevoked: 'accounts.session.revoked.v1',
} as const;
