#!/usr/bin/env bash
# Installs every Debian package that building, running and testing matricula needs, plus
# any package named as an argument (make bench adds wrk). Idempotent and quiet when
# everything is already there.
set -euo pipefail

packages=(
  # build
  build-essential cmake ccache pkg-config
  # libraries
  libboost-dev libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev libutf8proc-dev libkainjow-mustache-dev
  libcli11-dev libzxcvbn-dev libvips-dev
  # tests
  libgtest-dev libgmock-dev sqlite3 postgresql python3-aiosmtpd chromium curl nginx-light
  libvips-tools libimage-exiftool-perl
  # fuzzing (libFuzzer and the sanitizer runtimes are in libclang-rt-14-dev, only recommended
  # by clang; llvm-14 brings llvm-symbolizer for readable stack traces)
  clang libclang-rt-14-dev llvm-14
)
packages+=("$@")
# Node.js may come from elsewhere (it brings its own npm, which Debian's npm would conflict with).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
