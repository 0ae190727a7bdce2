CREATE TABLE "coding_budgets" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"recent" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"day" integer DEFAULT 0 NOT NULL,
	"day_lines" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity_refusals" (
	"user_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integrity_refusals_user_id_rule_pk" PRIMARY KEY("user_id","rule")
);
--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "lines_written" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "lines_removed" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "characters_typed" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "files_modified" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "xp_earned" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "coins_earned" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "rejected_updates" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ALTER COLUMN "accepted_updates" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "coding_sessions" ADD COLUMN "room_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coding_budgets" ADD CONSTRAINT "coding_budgets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrity_refusals" ADD CONSTRAINT "integrity_refusals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integrity_refusals_last_idx" ON "integrity_refusals" USING btree ("last_at" DESC NULLS LAST);