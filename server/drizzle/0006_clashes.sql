CREATE TABLE "clash_paid_days" (
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"paid" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "clash_paid_days_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "clash_ratings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"rating" double precision NOT NULL,
	"deviation" double precision NOT NULL,
	"volatility" double precision NOT NULL,
	"games" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clash_results" (
	"clash_id" text PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"difficulty" text NOT NULL,
	"problem_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"rated" boolean NOT NULL,
	"standings" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clash_paid_days" ADD CONSTRAINT "clash_paid_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clash_ratings" ADD CONSTRAINT "clash_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clash_ratings_ladder_idx" ON "clash_ratings" USING btree ("rating" DESC NULLS LAST,"games" DESC NULLS LAST,"user_id");