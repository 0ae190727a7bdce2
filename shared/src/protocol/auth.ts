import { z } from "zod";
import { isoDate, singleLine, text } from "./common.ts";

export const usernameSchema = z
  .string()
  .min(3, "username must be 3–32 characters")
  .max(32, "username must be 3–32 characters")
  .regex(/^[A-Za-z0-9_]+$/, "username may contain only letters, digits and _");

export const registerBody = z.object({
  username: usernameSchema,
  email: z.email().max(254).regex(singleLine, "must not contain control characters"),
  // bcrypt reads only the first 72 bytes: a longer password would be silently truncated.
  password: text()
    .min(8, "password must be at least 8 characters")
    .max(72, "password must be at most 72 bytes")
    .refine((p) => new TextEncoder().encode(p).length <= 72, "password must be at most 72 bytes"),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.object({
  username: text().min(1).max(254).describe("username or email"),
  password: text().min(1).max(200),
  grant_type: z.literal("password").optional(),
});
export type LoginBody = z.infer<typeof loginBody>;

export const refreshBody = z.object({ refresh_token: text().min(10).max(200) });

export const logoutBody = z.object({
  refresh_token: text().min(10).max(200).optional(),
  everywhere: z.boolean().optional(),
});

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  createdAt: isoDate,
  role: z.enum(["player", "admin"]),
});
export type PublicUser = z.infer<typeof userSchema>;

export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("bearer"),
  expires_in: z.number().int().describe("seconds"),
  refresh_token: z.string(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const registerResponse = tokenResponse.extend({ user: userSchema });
