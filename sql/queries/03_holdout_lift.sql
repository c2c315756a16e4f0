-- Intention-to-treat lift over the hold-out, for the customers of one brand who entered a sequence in the date range.
-- Every entered customer, texted or held out, is measured over the same window: from the entry decision, for the
-- attribution window its sequence version gave, and every purchase in it counts, whether a text was delivered or not.
-- Rows with step -1 compare the whole sequence (a randomized comparison); a row per step and variant compares the
-- customers who got that text with the whole hold-out (not randomized: reaching a step depends on what the customer
-- did before it). Per row: customers and converted customers in each arm, conversion rates, absolute and relative
-- lift with a 95% Newcombe (hybrid Wilson score) interval; revenue per entered customer in each arm per currency,
-- its difference with a 95% Welch interval; and a sample-ratio check of the split against holdoutPercent (a p-value
-- under 0.001 says the split is broken; no check while an entry's version is not in nudge.sequence_versions).
-- Without a hold-out there is no lift: its columns are empty and the verdict says so.
-- Parameters: brand, from, to (entry time).
SELECT brand_id, sequence_id, step, variant, comparison, currency,
       treated, treated_converted, round(p1, 4) AS treated_rate,
       held_out, held_out_converted, round(p0, 4) AS held_out_rate,
       if(held_out > 0 AND treated > 0, round(p1 - p0, 4), NULL) AS lift,
       if(held_out > 0 AND treated > 0, round(p1 - p0 - sqrt(pow(p1 - l1, 2) + pow(u0 - p0, 2)), 4), NULL) AS lift_ci_low,
       if(held_out > 0 AND treated > 0, round(p1 - p0 + sqrt(pow(u1 - p1, 2) + pow(p0 - l0, 2)), 4), NULL) AS lift_ci_high,
       if(held_out > 0 AND treated > 0 AND p0 > 0, round((p1 - p0) / p0, 4), NULL) AS relative_lift,
       round(m1, 2) AS treated_revenue_per_customer_minor,
       round(m0, 2) AS held_out_revenue_per_customer_minor,
       if(held_out > 1 AND treated > 1, round(m1 - m0, 2), NULL) AS revenue_lift_minor,
       if(held_out > 1 AND treated > 1, round(m1 - m0 - t * revenue_se, 2), NULL) AS revenue_lift_ci_low,
       if(held_out > 1 AND treated > 1, round(m1 - m0 + t * revenue_se, 2), NULL) AS revenue_lift_ci_high,
       if(step = -1 AND versions_known = 1, round(expected_held_out, 2), NULL) AS expected_held_out,
       if(step = -1 AND versions_known = 1, round(srm_p, 6), NULL) AS sample_ratio_p,
       multiIf(treated = 0, 'nobody texted: no lift can be measured',
               held_out = 0, 'no hold-out: no lift can be measured',
               step = -1 AND versions_known = 1 AND srm_p < 0.001, 'sample ratio mismatch: the split is broken, the lift cannot be trusted',
               p1 - p0 - sqrt(pow(p1 - l1, 2) + pow(u0 - p0, 2)) > 0, 'converts more than the hold-out (95%)',
               p1 - p0 + sqrt(pow(u1 - p1, 2) + pow(p0 - l0, 2)) < 0, 'converts less than the hold-out (95%)',
               'no significant difference from the hold-out (95%)') AS verdict
FROM
(
    SELECT brand_id, sequence_id, step, variant, currency, treated, treated_converted, held_out, held_out_converted,
           expected_held_out, srm_p, versions_known,
           if(step = -1, 'randomized', 'recipients of the text vs the hold-out') AS comparison,
           1.959964 AS z,
           if(treated > 0, treated_converted / treated, 0) AS p1,
           if(held_out > 0, held_out_converted / held_out, 0) AS p0,
           -- Wilson score bounds of each rate.
           (p1 + z * z / (2 * treated) - z * sqrt(p1 * (1 - p1) / treated + z * z / (4 * treated * treated))) / (1 + z * z / treated) AS l1,
           (p1 + z * z / (2 * treated) + z * sqrt(p1 * (1 - p1) / treated + z * z / (4 * treated * treated))) / (1 + z * z / treated) AS u1,
           (p0 + z * z / (2 * held_out) - z * sqrt(p0 * (1 - p0) / held_out + z * z / (4 * held_out * held_out))) / (1 + z * z / held_out) AS l0,
           (p0 + z * z / (2 * held_out) + z * sqrt(p0 * (1 - p0) / held_out + z * z / (4 * held_out * held_out))) / (1 + z * z / held_out) AS u0,
           -- Revenue per entered customer (customers without a purchase count as 0) and Welch's interval.
           if(treated > 0, s1 / treated, 0) AS m1,
           if(held_out > 0, s0 / held_out, 0) AS m0,
           if(treated > 1, (q1 - s1 * s1 / treated) / (treated - 1), 0) AS v1,
           if(held_out > 1, (q0 - s0 * s0 / held_out) / (held_out - 1), 0) AS v0,
           sqrt(v1 / treated + v0 / held_out) AS revenue_se,
           if(revenue_se > 0, pow(revenue_se, 4) / (pow(v1 / treated, 2) / (treated - 1) + pow(v0 / held_out, 2) / (held_out - 1)), 1e9) AS df,
           -- Student's 97.5% t quantile for the degrees of freedom rounded down (so the interval errs wide): tabled
           -- below 30, a Cornish-Fisher expansion around z above.
           if(df < 30, [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
                        2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
                        2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
                        2.048407, 2.045230][toUInt32(greatest(1, floor(df)))],
              z + (pow(z, 3) + z) / (4 * floor(df)) + (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / (96 * pow(floor(df), 2))) AS t,
           -- Sample-ratio check: held-out count against the hold-out share each customer's version gave.
           if(expected_variance > 0, (held_out - expected_held_out) / sqrt(expected_variance), 0) AS srm_z,
           if(expected_variance > 0, erfc(abs(srm_z) / sqrt(2)), if(held_out = expected_held_out, 1, 0)) AS srm_p,
           arraySum(arrayMap(r -> if(r.1 = currency AND r.2 = 0, r.3, 0), revenues)) AS s1,
           arraySum(arrayMap(r -> if(r.1 = currency AND r.2 = 0, r.3 * r.3, 0), revenues)) AS q1,
           arraySum(arrayMap(r -> if(r.1 = currency AND r.2 = 1, r.3, 0), revenues)) AS s0,
           arraySum(arrayMap(r -> if(r.1 = currency AND r.2 = 1, r.3 * r.3, 0), revenues)) AS q0
    FROM
    (
        -- Per sequence (and step and variant): the arms, and each customer's in-window revenue per currency.
        SELECT brand_id, sequence_id, step, variant,
               uniqExactIf(customer_hash, holdout = 0) AS treated,
               uniqExactIf(customer_hash, holdout = 0 AND converted = 1) AS treated_converted,
               uniqExactIf(customer_hash, holdout = 1) AS held_out,
               uniqExactIf(customer_hash, holdout = 1 AND converted = 1) AS held_out_converted,
               -- The split can be checked only when every entry's version (and so its hold-out share) is known.
               min(version_known) AS versions_known,
               sumIf(holdout_percent / 100, currency_index <= 1) AS expected_held_out,
               sumIf(holdout_percent / 100 * (1 - holdout_percent / 100), currency_index <= 1) AS expected_variance,
               groupArrayIf((currency, holdout, toFloat64(amount)), currency != '') AS revenues,
               groupUniqArrayIf(currency, currency != '') AS currencies
        FROM
        (
            -- One row per customer and currency bought in (one row with an empty currency for a customer who bought
            -- nothing in their window).
            SELECT brand_id, sequence_id, step, variant, holdout, customer_hash, holdout_percent, version_known, converted,
                   currency, arraySum(arrayMap(p -> if(p.1 = currency, p.2, 0), purchases)) AS amount, currency_index
            FROM
            (
                SELECT brand_id, sequence_id, step, variant, holdout, customer_hash,
                       any(holdout_percent) AS holdout_percent, min(version_known) AS version_known,
                       max(bought) AS converted,
                       groupArrayIf((currency, order_total), bought = 1) AS purchases,
                       groupUniqArrayIf(currency, bought = 1) AS bought_in
                FROM
                (
                    -- Each distinct purchase of the customer, and whether it fell in one of their windows.
                    SELECT brand_id, sequence_id, step, variant, holdout, customer_hash, event_id,
                           any(holdout_percent) AS holdout_percent, min(version_known) AS version_known,
                           max(purchased_at > entered_at AND purchased_at < entered_at + window_seconds
                               AND total_minor > 0) AS bought,
                           any(currency) AS currency,
                           any(total_minor) AS order_total
                    FROM
                    (
                        SELECT brand_id, sequence_id, step, variant, holdout, customer_hash, entered_at,
                               if(version_window_seconds = 0, 259200, version_window_seconds) AS window_seconds,
                               holdout_percent, toUInt8(version_window_seconds > 0) AS version_known
                        FROM
                        (
                            -- The whole sequence: every entry, both arms.
                            SELECT brand_id, sequence_id, sequence_version, toInt32(-1) AS step, '' AS variant,
                                   holdout, customer_hash, entered_at
                            FROM
                            (
                                SELECT decision_id, brand_id, any(sequence_id) AS sequence_id,
                                       any(sequence_version) AS sequence_version, any(customer_hash) AS customer_hash,
                                       toUInt8(any(outcome) = 'HELD_OUT') AS holdout, any(decided_at) AS entered_at
                                FROM nudge.decisions
                                WHERE brand_id = {brand:String} AND outcome IN ('ENTERED', 'HELD_OUT')
                                  AND decided_at >= {from:DateTime} AND decided_at < {to:DateTime}
                                GROUP BY decision_id, brand_id
                            )
                            UNION ALL
                            -- Per step and variant: the entries that got the text ...
                            SELECT brand_id, sequence_id, sequence_version, step, variant, toUInt8(0) AS holdout,
                                   customer_hash, entered_at
                            FROM
                            (
                                SELECT decision_id, brand_id, any(sequence_id) AS sequence_id,
                                       any(sequence_version) AS sequence_version, any(customer_hash) AS customer_hash,
                                       any(trigger_id) AS trigger_id, any(decided_at) AS entered_at
                                FROM nudge.decisions
                                WHERE brand_id = {brand:String} AND outcome = 'ENTERED'
                                  AND decided_at >= {from:DateTime} AND decided_at < {to:DateTime}
                                GROUP BY decision_id, brand_id
                            )
                            ALL INNER JOIN
                            (
                                SELECT DISTINCT brand_id, customer_hash, sequence_id, trigger_id, step, variant
                                FROM nudge.messages
                                WHERE brand_id = {brand:String}
                            ) USING brand_id, customer_hash, sequence_id, trigger_id
                            UNION ALL
                            -- ... against every held-out entry of the sequence.
                            SELECT brand_id, sequence_id, sequence_version, step, variant, toUInt8(1) AS holdout,
                                   customer_hash, entered_at
                            FROM
                            (
                                SELECT decision_id, brand_id, any(sequence_id) AS sequence_id,
                                       any(sequence_version) AS sequence_version, any(customer_hash) AS customer_hash,
                                       any(decided_at) AS entered_at
                                FROM nudge.decisions
                                WHERE brand_id = {brand:String} AND outcome = 'HELD_OUT'
                                  AND decided_at >= {from:DateTime} AND decided_at < {to:DateTime}
                                GROUP BY decision_id, brand_id
                            )
                            ALL INNER JOIN
                            (
                                SELECT DISTINCT brand_id, sequence_id, step, variant
                                FROM nudge.messages
                                WHERE brand_id = {brand:String}
                            ) USING brand_id, sequence_id
                        )
                        ANY LEFT JOIN
                        (
                            SELECT brand_id, sequence_id, version AS sequence_version,
                                   any(attribution_window_seconds) AS version_window_seconds,
                                   any(holdout_percent) AS holdout_percent
                            FROM nudge.sequence_versions
                            WHERE brand_id = {brand:String}
                            GROUP BY brand_id, sequence_id, version
                        ) USING brand_id, sequence_id, sequence_version
                    )
                    ALL LEFT JOIN
                    (
                        SELECT brand_id, customer_hash, event_id, any(event_time) AS purchased_at,
                               any(total_minor) AS total_minor, any(currency) AS currency
                        FROM nudge.purchases
                        WHERE brand_id = {brand:String} AND customer_hash != ''
                        GROUP BY brand_id, customer_hash, event_id
                    ) USING brand_id, customer_hash
                    GROUP BY brand_id, sequence_id, step, variant, holdout, customer_hash, event_id
                )
                GROUP BY brand_id, sequence_id, step, variant, holdout, customer_hash
            )
            LEFT ARRAY JOIN bought_in AS currency, arrayEnumerate(bought_in) AS currency_index
        )
        GROUP BY brand_id, sequence_id, step, variant
    )
    LEFT ARRAY JOIN if(empty(currencies), [''], currencies) AS currency
)
ORDER BY brand_id, sequence_id, step, variant, currency
