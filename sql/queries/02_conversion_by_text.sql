-- Conversion rate and revenue per text (sequence, step, variant) and currency: texts sent, attributed orders, orders
-- that held the offered item, conversion rate (orders per text), attributed revenue and revenue per text in minor
-- units of that currency (a row per currency the orders were paid in; one row with an empty currency when none).
-- Parameters: brand, from, to (when the texts were created).
SELECT brand_id, sequence_id, step, variant, currency,
       sent,
       conversions,
       offered_item_conversions,
       round(conversions / sent, 4) AS conversion_rate,
       revenue_minor,
       offered_revenue_minor,
       round(revenue_minor / sent, 2) AS revenue_per_text_minor
FROM
(
    SELECT brand_id, sequence_id, step, variant, uniqExact(message_id) AS sent
    FROM nudge.messages
    WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
    GROUP BY brand_id, sequence_id, step, variant
)
ALL LEFT JOIN
(
    SELECT brand_id, sequence_id, step, variant, currency,
           count() AS conversions,
           sum(offered_item) AS offered_item_conversions,
           sum(revenue_minor) AS revenue_minor,
           sum(offered_revenue_minor) AS offered_revenue_minor
    FROM nudge.conversions FINAL
    WHERE brand_id = {brand:String} AND holdout = 0
      AND message_id IN
      (
          SELECT message_id FROM nudge.messages
          WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
      )
    GROUP BY brand_id, sequence_id, step, variant, currency
) USING brand_id, sequence_id, step, variant
ORDER BY brand_id, sequence_id, step, variant, currency
