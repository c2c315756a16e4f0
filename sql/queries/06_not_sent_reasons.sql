-- Why texts were not sent: decisions that held a text back (skipped, deferred, held out, exited) per sequence,
-- outcome and reason code, as distinct decisions and distinct customers. Parameters: brand, from, to (decision time).
SELECT brand_id, sequence_id, outcome, reason,
       uniqExact(decision_id) AS decisions,
       uniqExact(customer_hash) AS customers
FROM nudge.decisions
WHERE brand_id = {brand:String} AND outcome IN ('SKIPPED', 'DEFERRED', 'HELD_OUT', 'EXITED')
  AND decided_at >= {from:DateTime} AND decided_at < {to:DateTime}
GROUP BY brand_id, sequence_id, outcome, reason
ORDER BY brand_id, sequence_id, outcome, reason
