-- The recipient's zone and the local hour and weekday (1 = Monday) a text was created at, for the send-hour heatmap:
-- ClickHouse takes a time zone only as a constant, so the job works them out per row. Empty zone: written before.
ALTER TABLE nudge.messages ADD COLUMN time_zone String DEFAULT '', ADD COLUMN local_hour UInt8 DEFAULT 0, ADD COLUMN local_weekday UInt8 DEFAULT 0;
