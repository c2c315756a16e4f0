-- Purchases carry the customer's keyed hash (as every fact table does), written by the analytics job. One statement,
-- so the file is applied whole or not at all; rows written before it keep an empty hash.
ALTER TABLE nudge.purchases ADD COLUMN customer_hash String DEFAULT '' AFTER location_id;
