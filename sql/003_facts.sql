-- Fact tables written by the analytics job. Every row has a deterministic id that ends its ORDER BY key, so a
-- retried insert (the sink is at-least-once) folds into one row when parts merge; read them duplicate-safe
-- (see sql/README.md). Customers and phones are stored only as keyed hashes computed by the job; no text bodies.
-- Each table is partitioned by month, so retention is ALTER TABLE ... DROP PARTITION.

-- One row per engine decision (entered, held out, sent, deferred, skipped ...), with its reason code.
CREATE TABLE IF NOT EXISTS nudge.decisions
(
    decision_id      String,
    brand_id         String,
    customer_hash    String,
    decided_at       DateTime,
    outcome          String,
    reason           String,
    rule_version     String,
    sequence_id      String,
    sequence_version Int32,
    step             Int32,
    trigger_id       String,
    intent_id        String,
    inserted_at      DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(decided_at)
ORDER BY (brand_id, decision_id);

-- One row per text the engine decided to send (an outbox intent); message_id is the intent's idempotency key.
CREATE TABLE IF NOT EXISTS nudge.messages
(
    message_id        String,
    brand_id          String,
    customer_hash     String,
    phone_hash        String,
    sequence_id       String,
    sequence_version  Int32,
    step              Int32,
    trigger_id        String,
    variant           String,
    offer_sku         String,
    offer_price_minor Int64,
    currency          String,
    created_at        DateTime,
    inserted_at       DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY (brand_id, message_id);

-- One row per engagement event: delivery receipts, clicks, replies, opt-outs. message_id is empty for events
-- that belong to no text (an opt-out keyword sent unprompted). No reply text is stored.
CREATE TABLE IF NOT EXISTS nudge.engagements
(
    event_id         String,
    brand_id         String,
    customer_hash    String,
    message_id       String,
    type             String,
    error_code       Int32,
    reply_intent     String,
    sequence_id      String,
    step             Int32,
    variant          String,
    at               DateTime,
    inserted_at      DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (brand_id, event_id);

-- One row per attributed purchase. holdout = 0: the last text delivered or clicked inside its sequence's
-- attribution window before the purchase (message_id set). holdout = 1: a purchase inside the window opened by a
-- HELD_OUT decision (decision_id set, message_id empty), one per held-out sequence; it measures lift.
CREATE TABLE IF NOT EXISTS nudge.conversions
(
    conversion_id          String,
    brand_id               String,
    customer_hash          String,
    holdout                UInt8,
    message_id             String,
    decision_id            String,
    sequence_id            String,
    sequence_version       Int32,
    step                   Int32,
    variant                String,
    order_id               String,
    revenue_minor          Int64,
    offered_item           UInt8,
    offered_revenue_minor  Int64,
    currency               String,
    touched_at             DateTime,
    attributed_at          DateTime,
    inserted_at            DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(attributed_at)
ORDER BY (brand_id, conversion_id);
