-- The analytics job's facts of the demo run, read duplicate-safe (FINAL), for the summary: texts, engagements, and
-- conversions attributed to a text with their revenue (held-out customers' conversions are left out).
SELECT
    (SELECT count() FROM nudge.messages FINAL) AS messages,
    (SELECT count() FROM nudge.engagements FINAL) AS engagements,
    (SELECT count() FROM nudge.conversions FINAL WHERE holdout = 0) AS conversions,
    (SELECT sum(revenue_minor) FROM nudge.conversions FINAL WHERE holdout = 0) AS revenue_minor
