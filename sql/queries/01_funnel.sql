-- Funnel per sequence and step: texts sent, and of those how many were delivered, clicked, replied to, opted out
-- from, and converted (a purchase attributed to the text). Each stage counts distinct texts (message ids).
-- Parameters: brand, from, to (when the texts were created).
SELECT brand_id, sequence_id, step,
       count() AS sent,
       sum(delivered) AS delivered,
       sum(clicked) AS clicked,
       sum(replied) AS replied,
       sum(opted_out) AS opted_out,
       sum(converted) AS converted
FROM
(
    SELECT message_id, brand_id, sequence_id, step, delivered, clicked, replied, opted_out, converted
    FROM
    (
        SELECT message_id, brand_id, sequence_id, step, delivered, clicked, replied, opted_out
        FROM
        (
            SELECT message_id, brand_id, any(sequence_id) AS sequence_id, any(step) AS step
            FROM nudge.messages
            WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
            GROUP BY message_id, brand_id
        )
        ANY LEFT JOIN
        (
            SELECT message_id,
                   max(type = 'DELIVERED') AS delivered,
                   max(type = 'CLICKED') AS clicked,
                   max(type = 'REPLIED') AS replied,
                   max(type = 'OPTED_OUT') AS opted_out
            FROM nudge.engagements
            WHERE brand_id = {brand:String} AND message_id != ''
            GROUP BY message_id
        ) USING message_id
    )
    ANY LEFT JOIN
    (
        SELECT message_id, 1 AS converted
        FROM nudge.conversions
        WHERE brand_id = {brand:String} AND holdout = 0
        GROUP BY message_id
    ) USING message_id
)
GROUP BY brand_id, sequence_id, step
ORDER BY brand_id, sequence_id, step
