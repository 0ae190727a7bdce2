import { randomBytes } from "node:crypto";
import pg from "pg";

/** Creates `levelup_test_<random>` on the server of TEST_DATABASE_URL; `drop` removes it. */
export async function createThrowawayDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `levelup_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(
      `PostgreSQL is unreachable at ${adminUrl} (${err.message}). The PostgreSQL-stack tests create throw-away ` +
        "databases there: set TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) to a server and " +
        "database they may connect to as a user allowed to CREATE DATABASE, or start one, e.g. " +
        "`docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16`.",
      { cause: err },
    );
  });
  await admin.query(`create database ${name}`);
  await admin.end();
  const drop = async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}
