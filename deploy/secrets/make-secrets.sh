#!/usr/bin/env bash
# Makes the cluster's secrets (once per cluster), never committed:
#   cluster.pfx    the cluster's certificate: one self-signed PKCS#12 file (with its key) that every node holds; nodes
#                  accept only a peer presenting this very certificate (mutual TLS, pinned by thumbprint)
#   tls-password   the password of cluster.pfx
#   db-password    the PostgreSQL password of the journal (the compose file gives it to PostgreSQL and to the seed)
# Docker: deploy/secrets/ is mounted as secrets by docker-compose.cluster.yml. systemd: copy them to /etc/activelab/.
#   deploy/secrets/make-secrets.sh [OUT_DIR]      (default: the folder of this script; existing files are kept)
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")" && pwd)}"
mkdir -p "$out"
umask 077
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
[ -s "$out/db-password" ] || openssl rand -hex 24 > "$out/db-password"
if [ ! -s "$out/cluster.pfx" ]; then
  openssl rand -base64 24 | tr -d '\n' > "$out/tls-password"
  openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes -subj "/CN=activelab-cluster" \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
  openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -out "$out/cluster.pfx" -passout "file:$out/tls-password"
fi
echo "secrets in $out: cluster.pfx, tls-password, db-password (give the first two to every node; never commit them)"
