-- Daily figures per sequence and step from the materialized aggregates (cheap on large data): texts sent,
-- delivered, clicked, replied, opted out, text-attributed conversions and their revenue in minor units.
SELECT day, brand_id, sequence_id, step,
       uniqExactMerge(sent) AS sent,
       uniqExactMerge(delivered) AS delivered,
       uniqExactMerge(clicked) AS clicked,
       uniqExactMerge(replied) AS replied,
       uniqExactMerge(opted_out) AS opted_out,
       uniqExactMerge(conversions) AS conversions,
       arraySum(arrayMap(p -> p.2, groupUniqArrayMerge(revenue))) AS revenue_minor
FROM nudge.daily_sequence_stats
GROUP BY day, brand_id, sequence_id, step
ORDER BY day, brand_id, sequence_id, step
