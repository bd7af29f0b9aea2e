#!/bin/sh
# Runs once, when the postgres service starts on an empty data volume (files in
# /docker-entrypoint-initdb.d are skipped when data already exists), as the superuser.
# Each part of the system gets its own login role, none of them a superuser:
# - temporal: owns Temporal's databases (temporal, temporal_visibility); the schema job
#   (temporal-sql-tool) only migrates them, so it needs no CREATEDB;
# - labour_export_owner: owns the app database and its schema, runs the migrations;
# - labour_export_app: the API and the workers; owns nothing, gets what the migrations grant it.
# Same roles as src/embedded/postgres-roles.ts gives the embedded Postgres.
set -eu

: "${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD}"
: "${APP_DB_OWNER_PASSWORD:?set APP_DB_OWNER_PASSWORD}"
: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v temporal_pw="$TEMPORAL_DB_PASSWORD" -v owner_pw="$APP_DB_OWNER_PASSWORD" -v app_pw="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'temporal_pw';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
REVOKE ALL ON DATABASE temporal, temporal_visibility FROM PUBLIC;

CREATE ROLE labour_export_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'owner_pw';
CREATE ROLE labour_export_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'app_pw';
CREATE DATABASE labour_export OWNER labour_export_owner;
-- No TEMP and no CONNECT for roles not named here.
REVOKE ALL ON DATABASE labour_export FROM PUBLIC;
GRANT CONNECT ON DATABASE labour_export TO labour_export_app;
\connect labour_export
ALTER SCHEMA public OWNER TO labour_export_owner;
SQL
