-- One row per order; ReplacingMergeTree folds redelivered events (same brand_id, event_id) into one row when parts merge.
CREATE TABLE IF NOT EXISTS nudge.purchases
(
    event_id    String,
    brand_id    String,
    location_id String,
    customer_id String,
    order_id    String,
    event_time  DateTime,
    total_minor Int64,
    currency    String,
    channel     String,
    line_count  UInt16,
    inserted_at DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (brand_id, event_id);
