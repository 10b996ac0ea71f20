-- One login role per service, with rights only on its own schema; run once
-- by a superuser on the platform's database (compose runs it at the first
-- start through init-roles.sh; on a managed server, run it with psql):
--   psql -v accounts_password=… -v messaging_password=… -v payments_password=… \
--        -v news_password=… -v media_password=… -v database=superapp -f deploy/postgres/roles.sql
-- A service then owns its schema (its migrations create what is in it) and
-- cannot read or change another's: no role but the owner has USAGE on a
-- schema, and nothing is granted to PUBLIC.
\set ON_ERROR_STOP on

-- pg_trgm (Persian search) lives in public, made once by the superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', 'accounts', :'accounts_password') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'accounts') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', 'messaging', :'messaging_password') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'messaging') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', 'payments', :'payments_password') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'payments') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', 'news', :'news_password') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'news') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', 'media', :'media_password') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'media') \gexec

CREATE SCHEMA IF NOT EXISTS accounts AUTHORIZATION accounts;
CREATE SCHEMA IF NOT EXISTS messaging AUTHORIZATION messaging;
CREATE SCHEMA IF NOT EXISTS payments AUTHORIZATION payments;
CREATE SCHEMA IF NOT EXISTS news AUTHORIZATION news;
CREATE SCHEMA IF NOT EXISTS media AUTHORIZATION media;

GRANT CONNECT ON DATABASE :"database" TO accounts, messaging, payments, news, media;
GRANT USAGE ON SCHEMA public TO accounts, messaging, payments, news, media;
-- Each role sees only its own schema first; public holds the extension.
ALTER ROLE accounts SET search_path = accounts, public;
ALTER ROLE messaging SET search_path = messaging, public;
ALTER ROLE payments SET search_path = payments, public;
ALTER ROLE news SET search_path = news, public;
ALTER ROLE media SET search_path = media, public;
