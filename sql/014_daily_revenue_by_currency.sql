-- Daily text-attributed conversions and revenue per currency (daily_sequence_stats adds minor units across
-- currencies). Kept as sets of (conversion_id, revenue) like 004, so retried inserts and re-running the fill below
-- change nothing; read with arraySum(arrayMap(p -> p.2, groupUniqArrayMerge(revenue))).
CREATE TABLE IF NOT EXISTS nudge.daily_revenue
(
    day         Date,
    brand_id    String,
    sequence_id String,
    step        Int32,
    variant     String,
    currency    String,
    conversions AggregateFunction(uniqExact, String),
    revenue     AggregateFunction(groupUniqArray, Tuple(String, Int64))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (brand_id, day, sequence_id, step, variant, currency);

CREATE MATERIALIZED VIEW IF NOT EXISTS nudge.daily_revenue_mv TO nudge.daily_revenue AS
SELECT toDate(attributed_at) AS day, brand_id, sequence_id, step, variant, currency,
       uniqExactState(conversion_id) AS conversions,
       groupUniqArrayState((conversion_id, revenue_minor)) AS revenue
FROM nudge.conversions
WHERE holdout = 0
GROUP BY day, brand_id, sequence_id, step, variant, currency;

-- The conversions written before the view existed.
INSERT INTO nudge.daily_revenue
SELECT toDate(attributed_at) AS day, brand_id, sequence_id, step, variant, currency,
       uniqExactState(conversion_id) AS conversions,
       groupUniqArrayState((conversion_id, revenue_minor)) AS revenue
FROM nudge.conversions
WHERE holdout = 0
GROUP BY day, brand_id, sequence_id, step, variant, currency;
