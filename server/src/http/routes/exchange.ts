import { exchangeBody, exchangeResponse } from "@levelup/shared";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { parseInput } from "../../validation.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

const idempotencyKey = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional();

/** POST /api/game/shop/exchange: coins to gems at 100:1, atomically. */
export function exchangeRoutes(ctx: AppContext): RouteSpec[] {
  return [
    defineRoute({
      method: "post",
      path: "/api/game/shop/exchange",
      summary:
        "Convert 100 coins per gem (422 INSUFFICIENT_FUNDS); an Idempotency-Key header makes a retry convert once (the key with another body: 422 IDEMPOTENCY_KEY_REUSED)",
      tags: ["shop"],
      body: exchangeBody,
      response: exchangeResponse,
      errors: [422],
      handler: ({ body, user, req }) => {
        const key = parseInput(idempotencyKey, req.get("idempotency-key"), "Idempotency-Key header");
        return ctx.exchange.buyGems(user.id, body.gems, key);
      },
    }),
  ];
}
