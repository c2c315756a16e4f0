-- Incremental lift per sequence over its hold-out group: the share of customers who entered the sequence and bought
-- after one of its texts (inside the attribution window), minus the share of held-out customers who bought inside
-- the same window after being held out; with a 95% confidence interval by the normal approximation for the
-- difference of two proportions: lift +- 1.96 * sqrt(p1(1-p1)/n1 + p0(1-p0)/n0).
SELECT brand_id, sequence_id,
       treated, treated_converted, round(p1, 4) AS treated_rate,
       held_out, held_out_converted, round(p0, 4) AS held_out_rate,
       round(p1 - p0, 4) AS lift,
       round(p1 - p0 - 1.96 * standard_error, 4) AS lift_ci_low,
       round(p1 - p0 + 1.96 * standard_error, 4) AS lift_ci_high
FROM
(
    SELECT brand_id, sequence_id, treated, held_out, treated_converted, held_out_converted,
           if(treated > 0, treated_converted / treated, 0) AS p1,
           if(held_out > 0, held_out_converted / held_out, 0) AS p0,
           if(treated > 0 AND held_out > 0, sqrt(p1 * (1 - p1) / treated + p0 * (1 - p0) / held_out), 0) AS standard_error
    FROM
    (
        SELECT brand_id, sequence_id,
               uniqExactIf(customer_hash, outcome = 'ENTERED') AS treated,
               uniqExactIf(customer_hash, outcome = 'HELD_OUT') AS held_out
        FROM nudge.decisions
        WHERE outcome IN ('ENTERED', 'HELD_OUT')
        GROUP BY brand_id, sequence_id
    )
    ANY LEFT JOIN
    (
        SELECT brand_id, sequence_id,
               uniqExactIf(customer_hash, holdout = 0) AS treated_converted,
               uniqExactIf(customer_hash, holdout = 1) AS held_out_converted
        FROM nudge.conversions
        GROUP BY brand_id, sequence_id
    ) USING brand_id, sequence_id
)
ORDER BY brand_id, sequence_id
