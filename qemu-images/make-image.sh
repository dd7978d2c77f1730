#!/usr/bin/env bash
# Creates a namespace backing image with qemu-img.
# Usage: qemu-images/make-image.sh FORMAT SIZE [OUTPUT]
#   FORMAT  raw | qcow2
#   SIZE    qemu-img size syntax: 64M, 1G, 1073741824 ... (a multiple of the namespace's LBA size)
#   OUTPUT  default: qemu-images/build/ns-SIZE.FORMAT
# A raw image's file size is the namespace capacity; a qcow2 image grows as blocks are written.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 raw|qcow2 SIZE [OUTPUT]" >&2
  exit 2
fi
format="$1"
size="$2"
case "$format" in
  raw|qcow2) ;;
  *) echo "make-image: format must be raw or qcow2, not '$format'" >&2; exit 2 ;;
esac
command -v qemu-img >/dev/null || { echo "make-image: qemu-img not found (apt-get install qemu-utils)" >&2; exit 1; }
out="${3:-$here/build/ns-$size.$format}"
mkdir -p "$(dirname "$out")"
qemu-img create -q -f "$format" "$out" "$size"
qemu-img info "$out" | sed -n 's/^virtual size: /virtual size: /p' >&2
echo "$out"
