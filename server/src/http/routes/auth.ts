import express from "express";
import {
  loginBody,
  logoutBody,
  refreshBody,
  registerBody,
  registerResponse,
  tokenResponse,
  userSchema,
} from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { BOT_REGISTRATION_HEADER, isBotRegistration } from "../../services/auth/botAccounts.ts";
import { defineRoute, Reply, type RouteSpec } from "../route.ts";

/** The Auth section of docs/api.md. */
export function authRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["auth"];
  return [
    defineRoute({
      method: "post",
      path: "/api/auth/register",
      summary:
        "Create an account, its game profile and today's quests. Load scripts add `X-Bot-Registration: <BOT_REGISTRATION_TOKEN>` to make a bot account (kept off the leaderboards); a wrong or unconfigured token is a 403",
      tags,
      auth: false,
      body: registerBody,
      status: 201,
      response: registerResponse,
      errors: [403, 409, 429],
      handler: async ({ body, req }) => {
        const isBot = isBotRegistration(req.headers[BOT_REGISTRATION_HEADER], ctx.config.BOT_REGISTRATION_TOKEN);
        return ctx.accounts.register(body, await ctx.registrations.admit(req.ip ?? "unknown"), isBot);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/login",
      summary: "Sign in with username or email (JSON or OAuth2 password form)",
      tags,
      auth: false,
      body: loginBody,
      bodyContentTypes: ["application/x-www-form-urlencoded"],
      response: tokenResponse,
      errors: [401, 429],
      handler: ({ body, req }) => ctx.accounts.login(body.username, body.password, req.ip ?? "unknown"),
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/refresh",
      summary: "Rotate a refresh token into a new token pair",
      tags,
      auth: false,
      body: refreshBody,
      response: tokenResponse,
      errors: [401],
      handler: ({ body }) => ctx.accounts.refresh(body.refresh_token),
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/logout",
      summary: "Revoke a refresh token; with everywhere, every token of the user",
      tags,
      auth: false,
      body: logoutBody,
      status: 204,
      errors: [401],
      handler: async ({ body, req }) => {
        const header = req.headers.authorization;
        // An expired or revoked access token must not stop a sign-out: the refresh token still identifies the session.
        const caller = header?.startsWith("Bearer ")
          ? await ctx.access.verify(header.slice(7)).catch((err: unknown) => {
              if (err instanceof AppError) return undefined;
              throw err;
            })
          : undefined;
        await ctx.accounts.logout({ refreshToken: body.refresh_token, everywhere: body.everywhere, caller });
        return new Reply(204);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/auth/me",
      summary: "The signed-in user",
      tags,
      response: userSchema,
      handler: ({ user }) => ctx.accounts.me(user.id),
    }),
  ];
}

/** Login also takes application/x-www-form-urlencoded (the OAuth2 password flow). */
export const formParser = express.urlencoded({ extended: false, limit: "10kb" });
