#!/usr/bin/env bash
# Builds the "firmware" QEMU runs instead of SeaBIOS: 64 KiB of 0xF4 (HLT). The x86 reset vector
# (0xFFFFFFF0, the image's last 16 bytes) halts the CPU at once, so no guest code touches guest RAM.
# Usage: qemu-images/build-firmware.sh [OUTPUT]     (default: qemu-images/build/halt.bin)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build/halt.bin}"
mkdir -p "$(dirname "$out")"
tmp="$(mktemp "$out.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
chmod 644 "$tmp"
head -c 65536 /dev/zero | tr '\000' '\364' > "$tmp"
size=$(stat -c %s "$tmp")
[ "$size" -eq 65536 ] || { echo "build-firmware: wrote $size bytes, expected 65536" >&2; exit 1; }
[ -z "$(tr -d '\364' < "$tmp" | head -c 1)" ] || { echo "build-firmware: image holds bytes other than 0xF4" >&2; exit 1; }
mv "$tmp" "$out"
trap - EXIT
echo "$out"
