import pg from 'pg';

/**
 * A connection as the schema's owner (the role the migrations run as), for the few tests that
 * change the schema or show what only the database's own rules stop. The app under test and
 * every other test connect as the app's role (DATABASE_URL), which owns nothing.
 */
export async function ownerDb(): Promise<pg.Client> {
  const url = process.env.TEST_DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}
