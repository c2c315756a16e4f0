-- Daily per sequence/step/variant figures, kept up to date by materialized views. A view sees every inserted block,
-- retries included, so it keeps sets of ids (uniqExact states) rather than counts: a retried row adds an id that is
-- already there. Revenue is kept as the set of (conversion_id, revenue) pairs for the same reason.
-- Read with the -Merge combinators: uniqExactMerge(sent), arraySum(arrayMap(p -> p.2, groupUniqArrayMerge(revenue))).
-- ClickHouse 18.16 wants every column of the target table from each view, so a view fills the columns it does not
-- own with empty states (an -If combinator on a false condition).
CREATE TABLE IF NOT EXISTS nudge.daily_sequence_stats
(
    day         Date,
    brand_id    String,
    sequence_id String,
    step        Int32,
    variant     String,
    sent        AggregateFunction(uniqExact, String),
    delivered   AggregateFunction(uniqExact, String),
    clicked     AggregateFunction(uniqExact, String),
    replied     AggregateFunction(uniqExact, String),
    opted_out   AggregateFunction(uniqExact, String),
    conversions AggregateFunction(uniqExact, String),
    revenue     AggregateFunction(groupUniqArray, Tuple(String, Int64))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (brand_id, day, sequence_id, step, variant);

-- Texts by the day they were created.
CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_sent_mv TO nudge.daily_sequence_stats AS
SELECT toDate(created_at) AS day, brand_id, sequence_id, step, variant, uniqExactState(message_id) AS sent,
       uniqExactStateIf(message_id, 0) AS delivered, uniqExactStateIf(message_id, 0) AS clicked,
       uniqExactStateIf(message_id, 0) AS replied, uniqExactStateIf(message_id, 0) AS opted_out,
       uniqExactStateIf(message_id, 0) AS conversions,
       groupUniqArrayStateIf((message_id, toInt64(0)), 0) AS revenue
FROM nudge.messages
GROUP BY day, brand_id, sequence_id, step, variant;

-- Engagements by the day they happened, counted once per text.
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

-- Text-attributed conversions (holdout purchases have no step and are read from nudge.conversions).
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
