#!/usr/bin/env bash
# Installs what Nudge's tests and demo need on a Debian machine; quick and quiet when all is there.
set -euo pipefail

# kcat: a Kafka client that is not ours (librdkafka), for the test that producers' JSON events are read; openssl:
# the self-signed certificate of the TLS ClickHouse test.
apt_packages=(openjdk-17-jdk-headless maven clickhouse-server clickhouse-client kcat openssl
              jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib python3-clickhouse-driver)
# A fresh Debian has neither Node.js nor npm; Prism (below) needs both. A Node.js installed otherwise is kept.
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Prism serves Twilio's OpenAPI spec as a validating mock for the contract test.
if ! command -v prism >/dev/null 2>&1; then
  echo "installing: @stoplight/prism-cli (npm)"
  npm install -g --no-fund --no-audit @stoplight/prism-cli >/dev/null
fi
