-- Why texts were not sent: decisions that held a text back (skipped, deferred, held out, exited) per sequence,
-- outcome and reason code, as distinct decisions and distinct customers.
SELECT brand_id, sequence_id, outcome, reason,
       uniqExact(decision_id) AS decisions,
       uniqExact(customer_hash) AS customers
FROM nudge.decisions
WHERE outcome IN ('SKIPPED', 'DEFERRED', 'HELD_OUT', 'EXITED')
GROUP BY brand_id, sequence_id, outcome, reason
ORDER BY brand_id, sequence_id, outcome, reason
