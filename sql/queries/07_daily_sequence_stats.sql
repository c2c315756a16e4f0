-- Daily figures per sequence and step from the materialized aggregates (cheap on large data): texts sent,
-- delivered, clicked, replied, opted out, text-attributed conversions and their revenue in minor units, a row per
-- currency (an empty currency on days without conversions). Parameters: brand, from, to (whole days).
SELECT day, brand_id, sequence_id, step, currency, sent, delivered, clicked, replied, opted_out,
       conversions, revenue_minor
FROM
(
    SELECT day, brand_id, sequence_id, step,
           uniqExactMerge(sent) AS sent,
           uniqExactMerge(delivered) AS delivered,
           uniqExactMerge(clicked) AS clicked,
           uniqExactMerge(replied) AS replied,
           uniqExactMerge(opted_out) AS opted_out
    FROM nudge.daily_sequence_stats
    WHERE brand_id = {brand:String} AND day >= toDate({from:DateTime}) AND day < toDate({to:DateTime})
    GROUP BY day, brand_id, sequence_id, step
)
ALL LEFT JOIN
(
    SELECT day, brand_id, sequence_id, step, currency,
           uniqExactMerge(conversions) AS conversions,
           arraySum(arrayMap(p -> p.2, groupUniqArrayMerge(revenue))) AS revenue_minor
    FROM nudge.daily_revenue
    WHERE brand_id = {brand:String} AND day >= toDate({from:DateTime}) AND day < toDate({to:DateTime})
    GROUP BY day, brand_id, sequence_id, step, currency
) USING day, brand_id, sequence_id, step
ORDER BY day, brand_id, sequence_id, step, currency
