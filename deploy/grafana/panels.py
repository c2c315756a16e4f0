#!/usr/bin/env python3
"""Regenerates nudge.json's panels from sql/queries: each panel runs one query file, with the query's parameters
bound to the dashboard's: {brand:String} to the brand variable, {from:DateTime} and {to:DateTime} to the time picker.
DashboardQueriesITCase fails while nudge.json and the files differ. Usage: deploy/grafana/panels.py"""
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = HERE.parent.parent / "sql" / "queries"
# The same mapping DashboardQueriesITCase applies.
GRAFANA = {"{brand:String}": "'${brand}'", "{from:DateTime}": "$__fromTime", "{to:DateTime}": "$__toTime"}
PANELS = [  # query file, title, panel type
    ("01_funnel", "Funnel per sequence and step", "table"),
    ("02_conversion_by_text", "Conversion rate and revenue per text, per currency", "table"),
    ("03_holdout_lift", "Intention-to-treat lift over the hold-out (Newcombe and Welch 95% intervals, split check)", "table"),
    ("04_fatigue_curve", "Opt-out rate by texts in the last 7 days", "barchart"),
    ("05_conversion_by_step_delay", "Conversion by delay between steps", "barchart"),
    ("06_not_sent_reasons", "Why texts were not sent", "table"),
    ("07_daily_sequence_stats", "Daily sent, delivered, converted, revenue per currency", "table"),
    ("08_opt_out_rate", "Opt-out rate per step and variant", "table"),
    ("09_time_to_convert", "Time from text to conversion", "table"),
    ("10_revenue_per_recipient", "Revenue per recipient", "table"),
    ("11_send_hour_heatmap", "Send hour by weekday, recipient's local time", "table"),
    ("12_conversion_by_time_since_purchase", "Conversion by days since the last purchase", "barchart"),
]
DATASOURCE = {"type": "grafana-clickhouse-datasource", "uid": "${datasource}"}


def grafana_sql(sql):
    return re.sub(r"\{\w+:\w+\}", lambda m: GRAFANA[m.group(0)], sql)


def header(sql):
    return " ".join(line[3:] for line in sql.splitlines() if line.startswith("-- "))


dashboard = json.loads((HERE / "nudge.json").read_text())
dashboard["description"] = ("Panels run the analyst queries of sql/queries for the chosen brand and time range "
                            "(deploy/grafana/panels.py writes them; DashboardQueriesITCase keeps them in step).")
dashboard["templating"] = {"list": [
    {"name": "datasource", "type": "datasource", "query": "grafana-clickhouse-datasource", "label": "ClickHouse",
     "current": {}},
    {"name": "brand", "type": "query", "label": "Brand", "datasource": DATASOURCE, "refresh": 1,
     "query": "SELECT DISTINCT brand_id FROM nudge.decisions ORDER BY brand_id",
     "definition": "SELECT DISTINCT brand_id FROM nudge.decisions ORDER BY brand_id", "current": {}},
]}
panels = []
for index, (name, title, kind) in enumerate(PANELS):
    sql = (QUERIES / f"{name}.sql").read_text()
    panels.append({
        "id": index + 1, "type": kind, "title": title,
        "description": f"{header(sql)} (sql/queries/{name}.sql)",
        "datasource": DATASOURCE,
        "gridPos": {"h": 9, "w": 12, "x": 12 * (index % 2), "y": 9 * (index // 2)},
        "targets": [{"refId": "A", "datasource": DATASOURCE, "editorType": "sql", "format": 1, "queryType": "table",
                     "rawSql": grafana_sql(sql)}],
        "options": {}, "fieldConfig": {"defaults": {}, "overrides": []},
    })
dashboard["panels"] = panels
(HERE / "nudge.json").write_text(json.dumps(dashboard, indent=2, ensure_ascii=False) + "\n")
