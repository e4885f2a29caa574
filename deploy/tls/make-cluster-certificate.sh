#!/usr/bin/env bash
# Makes the cluster's certificate: one self-signed PKCS#12 file (with its key) that every node of the cluster holds.
# Nodes accept only a peer that presents this very certificate (mutual TLS, pinned by thumbprint), so keep it secret
# and copy it to each machine (Docker: deploy/tls/ is mounted as secrets; systemd: /etc/activelab/).
#   deploy/tls/make-cluster-certificate.sh [OUT_DIR]      (default: the folder of this script)
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")" && pwd)}"
mkdir -p "$out"
umask 077
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
openssl rand -base64 24 | tr -d '\n' > "$out/password"
openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes -subj "/CN=activelab-cluster" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -out "$out/cluster.pfx" -passout "file:$out/password"
echo "wrote $out/cluster.pfx and $out/password (give both to every node; never commit them)"
