import bcrypt from "bcrypt";

/** bcrypt hash of a password; `rounds` is the cost factor from config. */
export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

const dummyHashes = new Map<number, string>();

/**
 * A hash to compare against when the user does not exist, made with the same cost factor as
 * real hashes, so a wrong username costs the same time as a wrong password and the answer does
 * not reveal which accounts exist.
 */
export function dummyHash(rounds: number): string {
  let hash = dummyHashes.get(rounds);
  if (!hash) {
    hash = bcrypt.hashSync("not-a-real-password", rounds);
    dummyHashes.set(rounds, hash);
  }
  return hash;
}
