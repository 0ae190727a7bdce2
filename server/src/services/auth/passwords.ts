import bcrypt from "bcrypt";

/** bcrypt hash of a password; `rounds` is the cost factor from config. */
export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * A hash to compare against when the user does not exist, so a wrong username costs the
 * same time as a wrong password and the answer does not reveal which accounts exist.
 */
export const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", 10);
