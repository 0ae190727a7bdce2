import { createHmac } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";

/**
 * The network an account was registered from, as the link rule and the registration limit see it:
 * an IPv4 address as is, an IPv6 address by its /64 (one household or phone gets a whole /64, so
 * counting single IPv6 addresses would count nothing). Unparseable input is its own network.
 */
export function networkOf(ip: string): string {
  const v4 = ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(v4)) return v4;
  if (!isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/**
 * What is stored of that network: a keyed hash (HMAC-SHA-256 under a key derived from the server's
 * secret), so two accounts can be compared for equality while the database never holds an address,
 * and the 2³² IPv4 addresses cannot be tried against a leaked table without the secret.
 */
export function hashNetwork(secret: string, network: string): string {
  const key = createHmac("sha256", secret).update("levelup:registration-network").digest();
  return createHmac("sha256", key).update(network).digest("base64url").slice(0, 32);
}
