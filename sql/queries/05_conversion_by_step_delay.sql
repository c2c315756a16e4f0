-- Conversion by the delay between steps: for every text after the first of a sequence entry, the whole days since
-- the entry's previous step was sent, and per sequence, step and delay the texts and the share that converted.
-- Parameters: brand, from, to (when the texts were created).
SELECT brand_id, sequence_id, step, delay_days,
       count() AS texts,
       sum(converted) AS converted,
       round(converted / texts, 4) AS conversion_rate
FROM
(
    SELECT brand_id, message_id, sequence_id, step, delay_days, converted
    FROM
    (
        SELECT brand_id, message_id, sequence_id, step,
               intDiv(toUInt32(created_at) - toUInt32(previous_at), 86400) AS delay_days
        FROM
        (
            SELECT brand_id, message_id, customer_hash, sequence_id, trigger_id, step, toInt32(step - 1) AS previous_step,
                   created_at
            FROM nudge.messages FINAL
            WHERE brand_id = {brand:String} AND step > 0
              AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
        )
        ANY INNER JOIN
        (
            SELECT brand_id, customer_hash, sequence_id, trigger_id, step AS previous_step, created_at AS previous_at
            FROM nudge.messages FINAL
            WHERE brand_id = {brand:String}
        ) USING brand_id, customer_hash, sequence_id, trigger_id, previous_step
    )
    ANY LEFT JOIN
    (
        SELECT brand_id, message_id, 1 AS converted
        FROM nudge.conversions
        WHERE brand_id = {brand:String} AND holdout = 0
        GROUP BY brand_id, message_id
    ) USING brand_id, message_id
)
GROUP BY brand_id, sequence_id, step, delay_days
ORDER BY brand_id, sequence_id, step, delay_days
