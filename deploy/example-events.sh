#!/usr/bin/env bash
# A first customer story for your own Kafka, written with kcat (not Nudge's code) in the JSON of docs/events.md:
# two catalog items, three customers who signed up and agreed to texts, a coffee purchase by each two days and half
# an hour ago, then a browse now, which moves event time past the first step of sequences/coffee-checkout-addon.yaml
# (two days after the purchase): the sequencer decides its text at once. One of the three may be in the hold-out.
#
#   deploy/example-events.sh --brand demo-roasters --phone +12125550100 [--phone ...]
#
# Kafka: NUDGE_BOOTSTRAP_SERVERS (default localhost:9092), NUDGE_TOPIC_PREFIX (default none); librdkafka settings for
# a secured cluster (security.protocol, sasl.*, ssl.*) go in a kcat config file named by KCAT_CONFIG.
set -euo pipefail

usage() { echo "usage: deploy/example-events.sh --brand BRAND --phone +E164 [--phone +E164 ...]" >&2; exit 2; }

brand=""
phones=()
while [ $# -gt 0 ]; do
  case "$1" in
    --brand) [ $# -ge 2 ] || usage; brand="$2"; shift 2 ;;
    --phone) [ $# -ge 2 ] || usage; phones+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deploy/example-events.sh: unknown option $1 (--brand, --phone)" >&2; exit 2 ;;
  esac
done
[ -n "$brand" ] || { echo "deploy/example-events.sh: give --brand, the brandId of your sequence" >&2; exit 2; }
[ ${#phones[@]} -gt 0 ] || phones=(+12125550100 +12125550101 +12125550102)
for phone in "${phones[@]}"; do
  [[ "$phone" =~ ^\+[1-9][0-9]{6,14}$ ]] || { echo "deploy/example-events.sh: $phone is not E.164 (+12125550100)" >&2; exit 2; }
done
command -v kcat >/dev/null || { echo "deploy/example-events.sh: needs kcat (apt-get install kcat)" >&2; exit 2; }

bootstrap="${NUDGE_BOOTSTRAP_SERVERS:-localhost:9092}"
prefix="${NUDGE_TOPIC_PREFIX:-}"
config=()
[ -z "${KCAT_CONFIG:-}" ] || config=(-F "$KCAT_CONFIG")
produce() { kcat -P -b "$bootstrap" "${config[@]}" -t "$prefix$1" -K '|'; }

signed_up=$(date -u -d '3 days ago' +%FT%TZ)
bought=$(date -u -d '2 days ago 30 minutes ago' +%FT%TZ)
now=$(date -u +%FT%TZ)
run=$(date -u +%s)

produce nudge.catalog <<EOF
coffee-beans|{"eventId": "example-$run-beans", "tenant": {"brandId": "$brand"}, "eventTime": "$signed_up", "sku": "coffee-beans", "name": "House beans", "category": "coffee", "priceMinor": 1800, "currency": "USD", "stock": 50, "active": true, "url": "https://shop.example/p/beans", "complements": ["pour-over-kit"]}
pour-over-kit|{"eventId": "example-$run-kit", "tenant": {"brandId": "$brand"}, "eventTime": "$signed_up", "sku": "pour-over-kit", "name": "Pour-over kit", "category": "equipment", "priceMinor": 2400, "currency": "USD", "stock": 50, "active": true, "url": "https://shop.example/p/kit", "complements": []}
EOF

i=0
for phone in "${phones[@]}"; do
  i=$((i + 1))
  customer="example-$run-$i"
  produce nudge.customers <<EOF
$customer|{"eventId": "$customer-signup", "tenant": {"brandId": "$brand"}, "customerId": "$customer", "eventTime": "$signed_up", "type": "SIGN_UP", "phoneE164": "$phone", "timeZone": "America/New_York", "locale": "en-US", "firstName": "Ana"}
$customer|{"eventId": "$customer-consent", "tenant": {"brandId": "$brand"}, "customerId": "$customer", "eventTime": "$signed_up", "type": "CONSENT_GRANTED", "consent": {"source": "checkout_form", "changedAt": "$signed_up"}}
EOF
  produce nudge.purchases <<EOF
$customer|{"eventId": "$customer-order", "tenant": {"brandId": "$brand", "locationId": "web"}, "customerId": "$customer", "eventTime": "$bought", "orderId": "$customer-1", "lines": [{"sku": "coffee-beans", "name": "House beans", "category": "coffee", "quantity": 1, "unitPriceMinor": 1800, "currency": "USD"}], "totalMinor": 1800, "currency": "USD", "channel": "ONLINE"}
EOF
  echo "$customer ($phone): signed up and agreed $signed_up, bought coffee $bought"
done

produce nudge.browse <<EOF
example-clock|{"eventId": "example-$run-clock", "tenant": {"brandId": "$brand"}, "customerId": "example-clock", "eventTime": "$now", "action": "SEARCH"}
EOF
echo "event time moved to $now: the first texts are due (in the recipients' allowed hours, New York time)"
