-- Opt-out and fatigue curve: for every text, how many texts its customer had been sent by the brand in the 7 days up
-- to and including it; per count, the texts and the share of them answered with an opt-out.
-- Parameters: brand, from, to (when the texts were created).
SELECT brand_id, texts_in_last_7_days,
       count() AS texts,
       sum(opted_out) AS opt_outs,
       round(opt_outs / texts, 4) AS opt_out_rate
FROM
(
    SELECT brand_id, message_id, texts_in_last_7_days, opted_out
    FROM
    (
        SELECT brand_id, message_id,
               uniqExactIf(earlier_id, earlier_at <= created_at AND earlier_at > created_at - 7 * 86400) AS texts_in_last_7_days
        FROM
        (
            SELECT brand_id, message_id, customer_hash, created_at
            FROM nudge.messages FINAL
            WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
        )
        ALL INNER JOIN
        (
            SELECT brand_id, customer_hash, message_id AS earlier_id, created_at AS earlier_at
            FROM nudge.messages FINAL
            WHERE brand_id = {brand:String}
        ) USING brand_id, customer_hash
        GROUP BY brand_id, message_id
    )
    ANY LEFT JOIN
    (
        SELECT brand_id, message_id, 1 AS opted_out
        FROM nudge.engagements
        WHERE brand_id = {brand:String} AND type = 'OPTED_OUT' AND message_id != ''
        GROUP BY brand_id, message_id
    ) USING brand_id, message_id
)
GROUP BY brand_id, texts_in_last_7_days
ORDER BY brand_id, texts_in_last_7_days
