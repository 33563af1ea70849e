#!/bin/sh
# The bot's role and database (docs/postgresql.md): not a superuser, not BYPASSRLS, so that
# row-level security holds every unit to its own rows; text ordered as bytes ('C'), as SQLite.
set -eu
psql -v ON_ERROR_STOP=1 -U postgres -v pw="$CCHC_APP_PASSWORD" <<'SQL'
CREATE ROLE cchc_app LOGIN PASSWORD :'pw';
CREATE DATABASE cchc OWNER cchc_app TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' ENCODING 'UTF8';
SQL
