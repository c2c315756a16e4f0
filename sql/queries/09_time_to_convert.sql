-- Time from text to conversion per sequence, step and variant: for the purchases attributed to a text, the hours
-- from the text being sent to the purchase (median, 90th percentile, mean), against the sequence's attribution
-- window. Parameters: brand, from, to (when the texts were created).
SELECT brand_id, sequence_id, step, variant,
       count() AS conversions,
       round(quantileExact(0.5)(hours), 2) AS median_hours,
       round(quantileExact(0.9)(hours), 2) AS p90_hours,
       round(avg(hours), 2) AS mean_hours
FROM
(
    SELECT brand_id, sequence_id, step, variant, (toUInt32(attributed_at) - toUInt32(sent_at)) / 3600 AS hours
    FROM
    (
        SELECT brand_id, message_id, any(sequence_id) AS sequence_id, any(step) AS step, any(variant) AS variant,
               any(attributed_at) AS attributed_at
        FROM nudge.conversions
        WHERE brand_id = {brand:String} AND holdout = 0
        GROUP BY brand_id, conversion_id, message_id
    )
    ALL INNER JOIN
    (
        SELECT brand_id, message_id, min(created_at) AS sent_at
        FROM nudge.messages
        WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
        GROUP BY brand_id, message_id
    ) USING brand_id, message_id
)
GROUP BY brand_id, sequence_id, step, variant
ORDER BY brand_id, sequence_id, step, variant
