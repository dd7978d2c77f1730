#!/usr/bin/env bash
# Builds a container image holding only what qemu-system-x86_64 needs to run nvme-bridge's device:
# the binary, the shared libraries ldd lists for it and for the modules kept, the TCG accelerator module
# (TCG is a loadable module on Debian: without accel-tcg-x86_64.so QEMU exits with "could not load module
# for type 'tcg-accel-ops'"), /usr/share/qemu and /usr/share/seabios, plus the halt firmware.
# No registry is needed: the root file system is assembled here and loaded with `docker import`.
#
# Usage: qemu-images/build-container.sh [TAG]     (default: nvme-bridge/qemu:7.2)
# Run:   docker run --rm --network none -v /some/dir:/run/nvme-bridge nvme-bridge/qemu:7.2 \
#          -display none -nodefaults ... -qtest unix:/run/nvme-bridge/qtest.sock,server=on,wait=off ...
# (the host JVM connects to the sockets and maps the RAM file through the bind mount)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tag="${1:-nvme-bridge/qemu:7.2}"
qemu="$(command -v qemu-system-x86_64)" || { echo "build-container: qemu-system-x86_64 not installed" >&2; exit 1; }
command -v docker >/dev/null || { echo "build-container: docker not installed (apt-get install docker.io)" >&2; exit 1; }
moddir=/usr/lib/x86_64-linux-gnu/qemu
# modules kept: the TCG accelerator only (the other 35 are display, audio, USB and network-block backends)
modules=("$moddir/accel-tcg-x86_64.so")
for m in "${modules[@]}"; do
  [ -f "$m" ] || { echo "build-container: $m missing (Debian's qemu-system-x86 ships it)" >&2; exit 1; }
done

rootfs="$here/build/rootfs"
rm -rf "$rootfs"
mkdir -p "$rootfs/usr/bin" "$rootfs/$moddir" "$rootfs/usr/share" "$rootfs/tmp" "$rootfs/run/nvme-bridge" \
         "$rootfs/dev/shm" "$rootfs/opt/nvme-bridge"
chmod 1777 "$rootfs/tmp"

copy_with_parents() { # copies a file (following symlinks) to the same path under rootfs
  local src="$1"
  mkdir -p "$rootfs$(dirname "$src")"
  cp -L "$src" "$rootfs$src"
}

cp -L "$qemu" "$rootfs/usr/bin/qemu-system-x86_64"
for m in "${modules[@]}"; do
  cp -L "$m" "$rootfs$m"
done
# every library the binary and the kept modules load, with the dynamic loader itself
for obj in "$qemu" "${modules[@]}"; do
  ldd "$obj" | awk '/=> \//{print $3} /^\s*\/lib/{print $1}'
done | sort -u | while read -r lib; do
  copy_with_parents "$lib"
done
# the dynamic loader is addressed by its canonical path
[ -e "$rootfs/lib64/ld-linux-x86-64.so.2" ] || copy_with_parents /lib64/ld-linux-x86-64.so.2
cp -a /usr/share/qemu "$rootfs/usr/share/qemu"
cp -a /usr/share/seabios "$rootfs/usr/share/seabios"
"$here/build-firmware.sh" "$rootfs/opt/nvme-bridge/halt.bin" >/dev/null

# a smoke test of the root file system before importing: QEMU must start with TCG from it
if command -v chroot >/dev/null && [ "$(id -u)" -eq 0 ]; then
  chroot "$rootfs" /usr/bin/qemu-system-x86_64 -accel tcg -machine q35 -display none -nodefaults \
    -bios /opt/nvme-bridge/halt.bin -device nvme,serial=probe -S -qtest null -qtest-log /dev/null \
    -monitor none -serial none </dev/null >/dev/null 2>"$here/build/rootfs-probe.err" &
  pid=$!
  sleep 1
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "build-container: QEMU does not start from the root file system:" >&2
    cat "$here/build/rootfs-probe.err" >&2
    exit 1
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi

echo "build-container: root file system $(du -sh "$rootfs" | cut -f1), importing as $tag" >&2
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENTRYPOINT ["/usr/bin/qemu-system-x86_64"]' \
  --change 'WORKDIR /run/nvme-bridge' \
  --message "nvme-bridge QEMU $("$qemu" --version | head -1)" \
  - "$tag" >/dev/null
docker image inspect --format '{{.Id}} {{.Size}}' "$tag" >&2
echo "$tag"
