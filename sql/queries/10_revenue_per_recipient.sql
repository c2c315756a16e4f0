-- Revenue per recipient per sequence, step and variant: the customers who were sent the text, the revenue of the
-- purchases attributed to it (last touch) per currency, and that revenue per recipient, in minor units (one row per
-- currency; an empty currency when nothing was bought). Parameters: brand, from, to (when the texts were created).
SELECT brand_id, sequence_id, step, variant, currency, recipients,
       conversions,
       revenue_minor,
       round(revenue_minor / recipients, 2) AS revenue_per_recipient_minor
FROM
(
    SELECT brand_id, sequence_id, step, variant, uniqExact(customer_hash) AS recipients
    FROM nudge.messages
    WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
    GROUP BY brand_id, sequence_id, step, variant
)
ALL LEFT JOIN
(
    SELECT brand_id, sequence_id, step, variant, currency, count() AS conversions, sum(revenue_minor) AS revenue_minor
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
