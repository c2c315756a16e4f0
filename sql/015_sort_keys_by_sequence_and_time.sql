-- Sort keys that let a query skip what it does not ask for: brand, then sequence, then event time, then the id that
-- folds duplicates (purchases have no sequence: brand, time, id). The keys before (brand, id) could only skip other
-- brands. The time itself, not its day: 18.16 fails a query comparing the time with a string literal when the key
-- holds toDate(time) ("Value of type String in memory is not of fixed size").
-- ClickHouse 18.16 cannot change a sort key, so each fact table is rebuilt: a new table with the new key, its rows
-- copied, the two renamed, the old one dropped. The materialized views that read the facts are dropped first and
-- created again last, as 004 and 014 made them. Rows inserted while this runs may be lost: stop the analytics job
-- first (it resumes from its checkpoint, and the sink's duplicates fold).
DROP TABLE IF EXISTS nudge.daily_sent_mv;
DROP TABLE IF EXISTS nudge.daily_engagement_mv;
DROP TABLE IF EXISTS nudge.daily_conversion_mv;
DROP TABLE IF EXISTS nudge.daily_revenue_mv;

CREATE TABLE IF NOT EXISTS nudge.decisions_new
(
    decision_id String,
    brand_id String,
    customer_hash String,
    decided_at DateTime,
    outcome String,
    reason String,
    rule_version String,
    sequence_id String,
    sequence_version Int32,
    step Int32,
    trigger_id String,
    intent_id String,
    inserted_at DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(decided_at)
ORDER BY (brand_id, sequence_id, decided_at, decision_id);
INSERT INTO nudge.decisions_new (decision_id, brand_id, customer_hash, decided_at, outcome, reason,
    rule_version, sequence_id, sequence_version, step, trigger_id, intent_id, inserted_at)
SELECT decision_id, brand_id, customer_hash, decided_at, outcome, reason, rule_version, sequence_id,
    sequence_version, step, trigger_id, intent_id, inserted_at
FROM nudge.decisions;
RENAME TABLE nudge.decisions TO nudge.decisions_old, nudge.decisions_new TO nudge.decisions;
DROP TABLE nudge.decisions_old;

CREATE TABLE IF NOT EXISTS nudge.messages_new
(
    message_id String,
    brand_id String,
    customer_hash String,
    phone_hash String,
    sequence_id String,
    sequence_version Int32,
    step Int32,
    trigger_id String,
    variant String,
    offer_sku String,
    offer_price_minor Int64,
    currency String,
    created_at DateTime,
    inserted_at DateTime DEFAULT now(),
    time_zone String DEFAULT '',
    local_hour UInt8 DEFAULT 0,
    local_weekday UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY (brand_id, sequence_id, created_at, message_id);
INSERT INTO nudge.messages_new (message_id, brand_id, customer_hash, phone_hash, sequence_id,
    sequence_version, step, trigger_id, variant, offer_sku, offer_price_minor, currency, created_at, inserted_at,
    time_zone, local_hour, local_weekday)
SELECT message_id, brand_id, customer_hash, phone_hash, sequence_id, sequence_version, step, trigger_id, variant,
    offer_sku, offer_price_minor, currency, created_at, inserted_at, time_zone, local_hour, local_weekday
FROM nudge.messages;
RENAME TABLE nudge.messages TO nudge.messages_old, nudge.messages_new TO nudge.messages;
DROP TABLE nudge.messages_old;

CREATE TABLE IF NOT EXISTS nudge.engagements_new
(
    event_id String,
    brand_id String,
    customer_hash String,
    message_id String,
    type String,
    error_code Int32,
    reply_intent String,
    sequence_id String,
    step Int32,
    variant String,
    at DateTime,
    inserted_at DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (brand_id, sequence_id, at, event_id);
INSERT INTO nudge.engagements_new (event_id, brand_id, customer_hash, message_id, type, error_code,
    reply_intent, sequence_id, step, variant, at, inserted_at)
SELECT event_id, brand_id, customer_hash, message_id, type, error_code, reply_intent, sequence_id, step, variant,
    at, inserted_at
FROM nudge.engagements;
RENAME TABLE nudge.engagements TO nudge.engagements_old, nudge.engagements_new TO nudge.engagements;
DROP TABLE nudge.engagements_old;

CREATE TABLE IF NOT EXISTS nudge.conversions_new
(
    conversion_id String,
    brand_id String,
    customer_hash String,
    holdout UInt8,
    message_id String,
    decision_id String,
    sequence_id String,
    sequence_version Int32,
    step Int32,
    variant String,
    order_id String,
    revenue_minor Int64,
    offered_item UInt8,
    offered_revenue_minor Int64,
    currency String,
    touched_at DateTime,
    attributed_at DateTime,
    inserted_at DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(attributed_at)
ORDER BY (brand_id, sequence_id, attributed_at, conversion_id);
INSERT INTO nudge.conversions_new (conversion_id, brand_id, customer_hash, holdout, message_id, decision_id,
    sequence_id, sequence_version, step, variant, order_id, revenue_minor, offered_item, offered_revenue_minor,
    currency, touched_at, attributed_at, inserted_at)
SELECT conversion_id, brand_id, customer_hash, holdout, message_id, decision_id, sequence_id, sequence_version,
    step, variant, order_id, revenue_minor, offered_item, offered_revenue_minor, currency, touched_at,
    attributed_at, inserted_at
FROM nudge.conversions;
RENAME TABLE nudge.conversions TO nudge.conversions_old, nudge.conversions_new TO nudge.conversions;
DROP TABLE nudge.conversions_old;

CREATE TABLE IF NOT EXISTS nudge.purchases_new
(
    event_id String,
    brand_id String,
    location_id String,
    customer_hash String DEFAULT '',
    order_id String,
    event_time DateTime,
    total_minor Int64,
    currency String,
    channel String,
    line_count UInt16,
    inserted_at DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (brand_id, event_time, event_id);
INSERT INTO nudge.purchases_new (event_id, brand_id, location_id, customer_hash, order_id, event_time,
    total_minor, currency, channel, line_count, inserted_at)
SELECT event_id, brand_id, location_id, customer_hash, order_id, event_time, total_minor, currency, channel,
    line_count, inserted_at
FROM nudge.purchases;
RENAME TABLE nudge.purchases TO nudge.purchases_old, nudge.purchases_new TO nudge.purchases;
DROP TABLE nudge.purchases_old;

CREATE TABLE IF NOT EXISTS nudge.late_purchases_new
(
    event_id String,
    brand_id String,
    customer_hash String,
    order_id String,
    event_time DateTime,
    total_minor Int64,
    currency String,
    watermark DateTime,
    inserted_at DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (brand_id, event_time, event_id);
INSERT INTO nudge.late_purchases_new (event_id, brand_id, customer_hash, order_id, event_time, total_minor,
    currency, watermark, inserted_at)
SELECT event_id, brand_id, customer_hash, order_id, event_time, total_minor, currency, watermark, inserted_at
FROM nudge.late_purchases;
RENAME TABLE nudge.late_purchases TO nudge.late_purchases_old,
    nudge.late_purchases_new TO nudge.late_purchases;
DROP TABLE nudge.late_purchases_old;

-- The views again, as 004 and 014 created them.
CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_sent_mv TO nudge.daily_sequence_stats AS
SELECT toDate(created_at) AS day, brand_id, sequence_id, step, variant, uniqExactState(message_id) AS sent,
       uniqExactStateIf(message_id, 0) AS delivered, uniqExactStateIf(message_id, 0) AS clicked,
       uniqExactStateIf(message_id, 0) AS replied, uniqExactStateIf(message_id, 0) AS opted_out,
       uniqExactStateIf(message_id, 0) AS conversions,
       groupUniqArrayStateIf((message_id, toInt64(0)), 0) AS revenue
FROM nudge.messages
GROUP BY day, brand_id, sequence_id, step, variant;

CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_engagement_mv TO nudge.daily_sequence_stats AS
SELECT toDate(at) AS day, brand_id, sequence_id, step, variant,
       uniqExactStateIf(message_id, 0) AS sent,
       uniqExactStateIf(message_id, type = 'DELIVERED') AS delivered,
       uniqExactStateIf(message_id, type = 'CLICKED') AS clicked,
       uniqExactStateIf(message_id, type = 'REPLIED') AS replied,
       uniqExactStateIf(message_id, type = 'OPTED_OUT') AS opted_out,
       uniqExactStateIf(message_id, 0) AS conversions,
       groupUniqArrayStateIf((message_id, toInt64(0)), 0) AS revenue
FROM nudge.engagements
WHERE message_id != ''
GROUP BY day, brand_id, sequence_id, step, variant;

CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_conversion_mv TO nudge.daily_sequence_stats AS
SELECT toDate(attributed_at) AS day, brand_id, sequence_id, step, variant,
       uniqExactStateIf(conversion_id, 0) AS sent, uniqExactStateIf(conversion_id, 0) AS delivered,
       uniqExactStateIf(conversion_id, 0) AS clicked, uniqExactStateIf(conversion_id, 0) AS replied,
       uniqExactStateIf(conversion_id, 0) AS opted_out,
       uniqExactState(conversion_id) AS conversions,
       groupUniqArrayState((conversion_id, revenue_minor)) AS revenue
FROM nudge.conversions
WHERE holdout = 0
GROUP BY day, brand_id, sequence_id, step, variant;

CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_revenue_mv TO nudge.daily_revenue AS
SELECT toDate(attributed_at) AS day, brand_id, sequence_id, step, variant, currency,
       uniqExactState(conversion_id) AS conversions,
       groupUniqArrayState((conversion_id, revenue_minor)) AS revenue
FROM nudge.conversions
WHERE holdout = 0
GROUP BY day, brand_id, sequence_id, step, variant, currency;
