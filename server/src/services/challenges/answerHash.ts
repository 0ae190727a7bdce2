import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { normalizeAnswer } from "@levelup/shared";

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

/**
 * Hashes a flag or bug-bounty answer for storage: scrypt of the normalised answer with a
 * per-challenge random salt, stored as "scrypt$<salt>$<hash>" (base64url). The answer itself
 * is never stored.
 */
export async function hashAnswer(answer: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(normalizeAnswer(answer), salt, KEY_LENGTH);
  return `scrypt$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Compares two byte strings in time that does not depend on where they differ. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  // timingSafeEqual needs equal lengths; a length mismatch is compared against itself to spend the same time.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** A byte comparison with constantTimeEqual's contract; grading receives one so tests can see it used. */
export type ByteCompare = (a: Buffer, b: Buffer) => boolean;

/** Whether `answer` is the one hashed into `stored`; the digests are compared with `compare`. */
export async function verifyAnswer(
  answer: string,
  stored: string,
  compare: ByteCompare = constantTimeEqual,
): Promise<boolean> {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(normalizeAnswer(answer), Buffer.from(salt, "base64url"), expected.length);
  return compare(actual, expected);
}
