-- Conversion rate and revenue per text (sequence, step, variant): texts sent, attributed orders, orders that held
-- the offered item, conversion rate (orders per text), attributed revenue and revenue per text, in minor units.
SELECT brand_id, sequence_id, step, variant,
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
    GROUP BY brand_id, sequence_id, step, variant
)
ANY LEFT JOIN
(
    SELECT brand_id, sequence_id, step, variant,
           count() AS conversions,
           sum(offered_item) AS offered_item_conversions,
           sum(revenue_minor) AS revenue_minor,
           sum(offered_revenue_minor) AS offered_revenue_minor
    FROM nudge.conversions FINAL
    WHERE holdout = 0
    GROUP BY brand_id, sequence_id, step, variant
) USING brand_id, sequence_id, step, variant
ORDER BY brand_id, sequence_id, step, variant
