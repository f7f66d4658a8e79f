#!/usr/bin/env bash
# Prepare the Weblate integration test (make test-weblate): Debian packages, Weblate from PyPI
# in its own venv (.venv-weblate; Weblate 5.14.3 is the newest for Python 3.11), and a fresh
# PostgreSQL database "weblate_trilingual" owned by role "weblate".
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
pkgs=(postgresql git liblz4-dev libzstd-dev libxxhash-dev libacl1-dev pkg-config libcairo2-dev
      libgirepository1.0-dev libpango1.0-dev gir1.2-rsvg-2.0 gir1.2-pango-1.0)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x .venv-weblate/bin/weblate ]; then
  python3 -m venv .venv-weblate
  # released after Weblate 5.14.3 and incompatible with it: django-otp 1.7 renamed the method
  # its middleware calls (_verify_user); GitPython 3.1.46+ quotes config values Weblate quotes
  .venv-weblate/bin/pip install --quiet 'PyGObject<3.51' 'weblate[postgres]==5.14.3' 'django-otp<1.7' \
    'GitPython<=3.1.45'
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main start 2>/dev/null || true
su postgres -c "psql -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='weblate') THEN CREATE ROLE weblate LOGIN SUPERUSER PASSWORD 'weblate'; END IF; END \\\$\\\$;\""
su postgres -c "dropdb --if-exists weblate_trilingual"
su postgres -c "createdb -O weblate weblate_trilingual"
