#!/bin/sh
# The postgres image runs this once, on an empty data directory: the roles of
# roles.sql with passwords from the container's environment.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v database="$POSTGRES_DB" \
  -v accounts_password="$ACCOUNTS_DB_PASSWORD" \
  -v messaging_password="$MESSAGING_DB_PASSWORD" \
  -v payments_password="$PAYMENTS_DB_PASSWORD" \
  -v news_password="$NEWS_DB_PASSWORD" \
  -v media_password="$MEDIA_DB_PASSWORD" \
  -f /docker-entrypoint-initdb.d/roles.sql.in
