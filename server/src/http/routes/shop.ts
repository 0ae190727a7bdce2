import { purchaseBody, purchaseResponse, shopQuery, shopResponse } from "@levelup/shared";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { defineRoute, Reply, type RouteSpec } from "../route.ts";
import { parseInput } from "../../validation.ts";
import { shopPage } from "../../services/economy/catalogue.ts";

/** Optional `Idempotency-Key` header of a purchase: a retry with the same key returns the first answer. */
const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
  .optional();

/** The shop (docs/api.md, Game): the catalogue and purchases. /shop/exchange lives with progression. */
export function shopRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["shop"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/shop",
      summary: "Items for sale, with prices in coins and/or gems (null where not sold for it)",
      tags,
      query: shopQuery,
      response: shopResponse,
      // The whole catalogue is one page object built once (catalogue.ts).
      sharedBodies: true,
      handler: ({ query }) => shopPage(query),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/shop/purchase",
      summary:
        "Buy an item. Consumables stack; gear is owned once (409 ALREADY_OWNED). Send an Idempotency-Key header to make retries safe.",
      tags,
      body: purchaseBody,
      response: purchaseResponse,
      errors: [400, 404, 409, 422],
      handler: async ({ body, user, req }) => {
        const key = parseInput(idempotencyKeyHeader, req.get("idempotency-key"), "Idempotency-Key header");
        const { response, replayed } = await ctx.economy.purchase(user.id, body, key);
        return new Reply(200, response, replayed ? { "Idempotent-Replayed": "true" } : {});
      },
    }),
  ];
}
