ALTER TABLE "users" ADD COLUMN "registration_network" text;--> statement-breakpoint
CREATE INDEX "users_registration_network_idx" ON "users" USING btree ("registration_network");