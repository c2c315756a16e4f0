-- One row per accepted sequence definition version, written by the analytics job from the definitions topic: the
-- hold-out share (the sample-ratio check compares the split against it) and the attribution window (the
-- intention-to-treat window of every entry) that the version gave, and the document itself (./nudge tune).
CREATE TABLE IF NOT EXISTS nudge.sequence_versions
(
    brand_id                   String,
    sequence_id                String,
    version                    Int32,
    published_at               DateTime,
    holdout_percent            UInt8,
    attribution_window_seconds UInt32,
    document                   String,
    inserted_at                DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
ORDER BY (brand_id, sequence_id, version);

-- Purchases that reached attribution later than its allowed lateness, when the touches and hold-outs they could have
-- counted for were already forgotten: kept here (and counted by the job's latePurchases metric), not dropped. They
-- are in nudge.purchases as well, so the intention-to-treat lift, which reads nudge.purchases, counts them.
CREATE TABLE IF NOT EXISTS nudge.late_purchases
(
    event_id          String,
    brand_id          String,
    customer_hash     String,
    order_id          String,
    event_time        DateTime,
    total_minor       Int64,
    currency          String,
    watermark         DateTime,
    inserted_at       DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (brand_id, event_id);
