-- When texts go out and how they do, in the recipient's local time: per weekday (1 = Monday) and hour, the texts
-- sent and the share that converted (a purchase attributed to the text). Texts written before the zone was kept
-- (empty time_zone) are left out. Parameters: brand, from, to (when the texts were created).
SELECT brand_id, local_weekday, local_hour,
       count() AS texts,
       sum(converted) AS conversions,
       round(conversions / texts, 4) AS conversion_rate
FROM
(
    SELECT brand_id, message_id, local_weekday, local_hour
    FROM nudge.messages FINAL
    WHERE brand_id = {brand:String} AND time_zone != ''
      AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
)
ANY LEFT JOIN
(
    SELECT brand_id, message_id, 1 AS converted
    FROM nudge.conversions
    WHERE brand_id = {brand:String} AND holdout = 0
    GROUP BY brand_id, message_id
) USING brand_id, message_id
GROUP BY brand_id, local_weekday, local_hour
ORDER BY brand_id, local_weekday, local_hour
