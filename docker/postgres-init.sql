-- Runs once, when the postgres service starts on an empty data volume
-- (files in /docker-entrypoint-initdb.d are skipped when data already exists).
-- The app's database; Temporal's own databases (temporal, temporal_visibility)
-- are created by the temporalio/auto-setup container.
CREATE DATABASE labour_export;
