#!/usr/bin/env bash
# Checks the deployment files of docs/deploy/ with the tools that will read them: systemd-analyze verify for the
# unit, nginx -t for the site (with a throwaway certificate), and helpchat itself for the example configuration.
# Usage: check_deploy_files.sh HELPCHAT_BINARY
set -euo pipefail
binary=$(realpath "$1")
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== systemd unit"
# verify needs ExecStart's program to exist: point it at the binary just built.
sed "s|/usr/local/bin/helpchat|$binary|" "$here/docs/deploy/helpchat.service" > "$work/helpchat.service"
# verify exits 0 on directives it ignores; any complaint is a failure here.
complaints=$(systemd-analyze verify "$work/helpchat.service" 2>&1) || { echo "$complaints"; exit 1; }
if [[ -n "$complaints" ]]; then echo "$complaints"; exit 1; fi

echo "== nginx site"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/privkey.pem" -out "$work/fullchain.pem" \
  -subj /CN=ayuda.example.gov.co -days 1 2>/dev/null
sed "s|/etc/ssl/helpchat/|$work/|" "$here/docs/deploy/nginx-helpchat.conf" > "$work/site.conf"
cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/site.conf;
}
CONF
nginx -t -p "$work" -c "$work/nginx.conf"

echo "== example configuration"
"$binary" serve --config "$here/docs/deploy/helpchat.conf" --help > /dev/null
echo "deploy files OK"
