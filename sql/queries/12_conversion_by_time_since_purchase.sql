-- Conversion by the time since the customer's last purchase when the text was created: per sequence, step and whole
-- days since that purchase, the texts and the share that converted (a purchase attributed to the text). Texts to
-- customers with no earlier purchase are left out. What a step's delay after a purchase should be.
-- Parameters: brand, from, to (when the texts were created).
SELECT brand_id, sequence_id, step, days_since_purchase,
       count() AS texts,
       sum(converted) AS converted,
       round(converted / texts, 4) AS conversion_rate
FROM
(
    SELECT brand_id, message_id, sequence_id, step,
           intDiv(toUInt32(created_at) - toUInt32(last_purchase_at), 86400) AS days_since_purchase, converted
    FROM
    (
        SELECT brand_id, message_id, any(sequence_id) AS sequence_id, any(step) AS step, any(text_created_at) AS created_at,
               maxIf(purchased_at, purchased_at < text_created_at) AS last_purchase_at
        FROM
        (
            SELECT brand_id, message_id, customer_hash, sequence_id, step, created_at AS text_created_at
            FROM nudge.messages
            WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
        )
        ALL INNER JOIN
        (
            SELECT brand_id, customer_hash, event_time AS purchased_at
            FROM nudge.purchases
            WHERE brand_id = {brand:String} AND customer_hash != '' AND total_minor > 0
        ) USING brand_id, customer_hash
        GROUP BY brand_id, message_id
    )
    ANY LEFT JOIN
    (
        SELECT brand_id, message_id, 1 AS converted
        FROM nudge.conversions
        WHERE brand_id = {brand:String} AND holdout = 0
        GROUP BY brand_id, message_id
    ) USING brand_id, message_id
    WHERE toUInt32(last_purchase_at) > 0
)
GROUP BY brand_id, sequence_id, step, days_since_purchase
ORDER BY brand_id, sequence_id, step, days_since_purchase
