-- One login role per service, with rights only on its own schema; run once
-- by a superuser on the platform's database (compose runs it at the first
-- start through init-roles.sh; on a managed server, run it with psql):
--   psql -v database=superapp -v accounts_password=… -v messaging_password=… \
--        -v payments_password=… -v news_password=… -v media_password=… -f deploy/postgres/roles.sql
-- A service then owns its schema (its migrations create what is in it) and
-- cannot read or change another's: no role but the owner has USAGE on a
-- schema, and nothing is granted to PUBLIC. `-v role_prefix=…` prefixes the
-- role names (the tests run it beside other databases on one server).
\set ON_ERROR_STOP on
\if :{?role_prefix}
\else
  \set role_prefix ''
\endif

-- pg_trgm (Persian search) lives in public, made once by the superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;

CREATE TEMP TABLE service_roles (schema text, role text, password text);
INSERT INTO service_roles VALUES
  ('accounts', :'role_prefix' || 'accounts', :'accounts_password'),
  ('messaging', :'role_prefix' || 'messaging', :'messaging_password'),
  ('payments', :'role_prefix' || 'payments', :'payments_password'),
  ('news', :'role_prefix' || 'news', :'news_password'),
  ('media', :'role_prefix' || 'media', :'media_password');

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', role, password)
  FROM service_roles WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role) \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', schema, role) FROM service_roles \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'database', role) FROM service_roles \gexec
SELECT format('GRANT USAGE ON SCHEMA public TO %I', role) FROM service_roles \gexec
-- Each role sees its own schema first; public holds the extension.
SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I, public', role, :'database', schema) FROM service_roles \gexec
