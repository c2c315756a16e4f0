-- Opt-out and fatigue curve: for every text, how many texts its customer had been sent in the 7 days up to and
-- including it; per count, the texts and the share of them answered with an opt-out.
SELECT texts_in_last_7_days,
       count() AS texts,
       sum(opted_out) AS opt_outs,
       round(opt_outs / texts, 4) AS opt_out_rate
FROM
(
    SELECT message_id, texts_in_last_7_days, opted_out
    FROM
    (
        SELECT message_id,
               uniqExactIf(earlier_id, earlier_at <= created_at AND earlier_at > created_at - 7 * 86400) AS texts_in_last_7_days
        FROM
        (
            SELECT message_id, customer_hash, created_at
            FROM nudge.messages FINAL
        )
        ALL INNER JOIN
        (
            SELECT customer_hash, message_id AS earlier_id, created_at AS earlier_at
            FROM nudge.messages FINAL
        ) USING customer_hash
        GROUP BY message_id
    )
    ANY LEFT JOIN
    (
        SELECT message_id, 1 AS opted_out
        FROM nudge.engagements
        WHERE type = 'OPTED_OUT' AND message_id != ''
        GROUP BY message_id
    ) USING message_id
)
GROUP BY texts_in_last_7_days
ORDER BY texts_in_last_7_days
