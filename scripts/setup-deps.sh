#!/usr/bin/env bash
# Installs the Debian 12 packages Atelier needs to build, run and test,
# skipping those already present, so `make run` / `make test` work on a
# fresh machine and cost nothing on a prepared one.
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build gettext
  libgtk-4-dev libcglm-dev libepoxy-dev libassimp-dev libsqlite3-dev libjansson-dev
  libegl-dev libgbm-dev libgl1-mesa-dri libglpk-dev libopenblas-dev libbullet-dev
  xvfb xauth dbus dbus-x11 imagemagick desktop-file-utils
  locales fonts-wqy-microhei python3-ezdxf
)
# Node.js (for the glTF validator) usually comes with the machine; Debian's
# own nodejs/npm only when there is none, since they conflict with it.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The kiosk ships Simplified Chinese; gettext needs the locale generated to use it.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$'; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen >/dev/null
fi

# The Khronos glTF validator checks exported files in the tests.
if [ ! -d tools/node_modules/gltf-validator ]; then
  (cd tools && npm install --no-audit --no-fund --silent >/dev/null 2>&1) \
    || echo "setup: gltf-validator could not be installed; glTF validation tests will skip"
fi
