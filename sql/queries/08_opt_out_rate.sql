-- Opt-out rate per sequence, step and variant: texts sent, texts answered with an opt-out (STOP or a reply that
-- means it), and their share, with a 95% Wilson interval. Parameters: brand, from, to (when the texts were created).
SELECT brand_id, sequence_id, step, variant, texts, opt_outs,
       round(opt_outs / texts, 4) AS opt_out_rate,
       round(greatest(0, (opt_outs / texts + 1.920729 / texts - 1.959964 * sqrt(opt_outs / texts * (1 - opt_outs / texts)
              / texts + 0.960365 / (texts * texts))) / (1 + 3.841459 / texts)), 4) AS opt_out_rate_ci_low,
       round(least(1, (opt_outs / texts + 1.920729 / texts + 1.959964 * sqrt(opt_outs / texts * (1 - opt_outs / texts)
              / texts + 0.960365 / (texts * texts))) / (1 + 3.841459 / texts)), 4) AS opt_out_rate_ci_high
FROM
(
    SELECT brand_id, sequence_id, step, variant, count() AS texts, sum(opted_out) AS opt_outs
    FROM
    (
        SELECT brand_id, message_id, sequence_id, step, variant
        FROM nudge.messages FINAL
        WHERE brand_id = {brand:String} AND created_at >= {from:DateTime} AND created_at < {to:DateTime}
    )
    ANY LEFT JOIN
    (
        SELECT brand_id, message_id, 1 AS opted_out
        FROM nudge.engagements
        WHERE brand_id = {brand:String} AND type = 'OPTED_OUT' AND message_id != ''
        GROUP BY brand_id, message_id
    ) USING brand_id, message_id
    GROUP BY brand_id, sequence_id, step, variant
)
ORDER BY brand_id, sequence_id, step, variant
