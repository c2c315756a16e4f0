-- Conversion by the delay between steps: for every text after the first of a sequence entry, the whole days since
-- the entry's previous step was sent, and per sequence and delay the texts and the share that converted.
SELECT sequence_id, delay_days,
       count() AS texts,
       sum(converted) AS converted,
       round(converted / texts, 4) AS conversion_rate
FROM
(
    SELECT message_id, sequence_id, delay_days, converted
    FROM
    (
        SELECT message_id, sequence_id, intDiv(toUInt32(created_at) - toUInt32(previous_at), 86400) AS delay_days
        FROM
        (
            SELECT message_id, customer_hash, sequence_id, trigger_id, toInt32(step - 1) AS previous_step, created_at
            FROM nudge.messages FINAL
            WHERE step > 0
        )
        ANY INNER JOIN
        (
            SELECT customer_hash, sequence_id, trigger_id, step AS previous_step, created_at AS previous_at
            FROM nudge.messages FINAL
        ) USING customer_hash, sequence_id, trigger_id, previous_step
    )
    ANY LEFT JOIN
    (
        SELECT message_id, 1 AS converted
        FROM nudge.conversions
        WHERE holdout = 0
        GROUP BY message_id
    ) USING message_id
)
GROUP BY sequence_id, delay_days
ORDER BY sequence_id, delay_days
