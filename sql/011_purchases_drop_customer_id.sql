-- No customer id in clear in the warehouse: without it, a join on order_id leads only to the keyed hash. The ids
-- written before cannot be hashed in SQL (the key is the job's secret), so they are dropped, not converted.
ALTER TABLE nudge.purchases DROP COLUMN customer_id;
