import { equipBody, inventoryQuery, inventoryResponse, loadoutSchema } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** The player's items and equipment (docs/api.md, Game). */
export function inventoryRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["inventory"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/inventory",
      summary: "The signed-in user's items, equipped or not, with the item data",
      tags,
      query: inventoryQuery,
      response: inventoryResponse,
      // A player's whole inventory is one answer object per cached read (Economy.inventory).
      sharedBodies: true,
      handler: ({ user, query }) => ctx.economy.inventory(user.id, query),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/inventory/equip",
      summary:
        "Equip (replacing the item in that place) or unequip an owned item; answers the equipped set with battle stats and avatar",
      tags,
      body: equipBody,
      response: loadoutSchema,
      errors: [403, 404, 409, 422],
      handler: ({ user, body }) => ctx.economy.equip(user.id, body),
    }),
  ];
}
