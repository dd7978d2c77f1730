#!/usr/bin/env bash
# Builds the Linux guest of the kernel-NVMe baseline from Debian packages only:
#   vmlinuz      Debian's kernel (the package linux-image-amd64 depends on, e.g. linux-image-6.1.0-NN-amd64)
#   initrd.img   busybox-static, the kernel's nvme modules (nvme-core.ko, nvme.ko and what modules.dep says
#                they need, decompressed here so busybox insmod can load them), nvme_randread (static,
#                io_uring + O_DIRECT, liburing-dev's static library) and /init, which runs the benchmark
#                and powers the guest off
#   manifest     the exact package versions and sha256 of everything above
#
# Usage: qemu-images/linux-guest/build.sh [OUT_DIR]        (default: qemu-images/build/linux-guest)
# Needs: apt-get (Debian bookworm sources), dpkg-deb, gcc, objcopy (binutils), liburing-dev, gzip, xz-utils (the cpio archive is
# written by the downloaded busybox).
# Override the kernel with KERNEL_PACKAGE=linux-image-6.1.0-NN-amd64.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../build/linux-guest}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$out/work"
rm -rf "$work"
mkdir -p "$work/debs" "$work/x" "$work/root"

for tool in apt-get apt-cache dpkg-deb gcc objcopy gzip xz; do
  command -v "$tool" >/dev/null || { echo "linux-guest: $tool not installed" >&2; exit 1; }
done
[ -f /usr/include/liburing.h ] && ls /usr/lib/x86_64-linux-gnu/liburing.a >/dev/null 2>&1 \
  || { echo "linux-guest: liburing-dev (static liburing.a) not installed" >&2; exit 1; }

# 1. the kernel package the linux-image-amd64 metapackage points at, and busybox-static
kernel_of_metapackage() {
  apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1
}
kpkg="${KERNEL_PACKAGE:-$(kernel_of_metapackage)}"
if [ -z "$kpkg" ] && [ "$(id -u)" -eq 0 ]; then
  echo "linux-guest: package lists lack linux-image-amd64; running apt-get update" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  kpkg="$(kernel_of_metapackage)"
fi
[ -n "$kpkg" ] || { echo "linux-guest: cannot resolve linux-image-amd64's kernel package (apt-get update?)" >&2; exit 1; }
echo "linux-guest: downloading $kpkg and busybox-static" >&2
(cd "$work/debs" && apt-get download -q "$kpkg" busybox-static >/dev/null 2>"$work/apt.err") \
  || { cat "$work/apt.err" >&2; exit 1; }
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/x"
done
kver="${kpkg#linux-image-}"
vmlinuz="$work/x/boot/vmlinuz-$kver"
moddir="$work/x/lib/modules/$kver"
[ -f "$vmlinuz" ] || { echo "linux-guest: $vmlinuz missing in $kpkg" >&2; exit 1; }

# 2. nvme.ko and every module it needs, dependencies first. The package carries no modules.dep (depmod
#    runs at install time), so the "depends=" field of each module's .modinfo section is read directly.
modfile() { # module name -> path of its .ko / .ko.xz under the package's module tree
  (cd "$moddir" && find kernel \( -name "$1.ko" -o -name "$1.ko.xz" -o -name "$1.ko.zst" \
    -o -name "${1//_/-}.ko" -o -name "${1//_/-}.ko.xz" -o -name "${1//_/-}.ko.zst" \) | head -1)
}
plain() { # a module file decompressed to stdout
  case "$1" in
    *.xz) xz -dc "$1" ;;
    *.zst) zstd -qdc "$1" ;;
    *) cat "$1" ;;
  esac
}
mkdir -p "$work/root/lib/modules"
declare -a order=()
add_with_deps() {
  local name="$1" rel ko dep
  for seen in "${order[@]:-}"; do [ "$seen" = "$name" ] && return 0; done
  rel="$(modfile "$name")"
  [ -n "$rel" ] || { echo "linux-guest: module $name not found under $moddir" >&2; exit 1; }
  ko="$work/root/lib/modules/$name.ko"
  plain "$moddir/$rel" >"$ko"
  for dep in $(objcopy -O binary --only-section=.modinfo "$ko" /dev/stdout | tr '\0' '\n' \
               | sed -n 's/^depends=//p' | tr ',' ' '); do
    add_with_deps "$dep"
  done
  order+=("$name")
}
add_with_deps nvme
printf '%s.ko\n' "${order[@]}" >"$work/root/lib/modules/load-order"

# 3. busybox, the benchmark and /init
mkdir -p "$work/root/bin" "$work/root/dev" "$work/root/proc" "$work/root/sys"
cp "$work/x/bin/busybox" "$work/root/bin/busybox"
gcc -static -O2 -Wall -Werror -o "$work/root/bin/nvme_randread" "$here/nvme_randread.c" -luring
cp "$here/init" "$work/root/init"
chmod 755 "$work/root/init" "$work/root/bin/busybox" "$work/root/bin/nvme_randread"

# 4. the cpio archive (busybox's own cpio: no host cpio needed): sorted names, fixed times, root-owned
find "$work/root" -exec touch -h -d @0 {} +
chown -R 0:0 "$work/root" 2>/dev/null || true
(cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort | "$work/x/bin/busybox" cpio -o -H newc 2>/dev/null) \
  | gzip -9n >"$out/initrd.img.tmp"
mv "$out/initrd.img.tmp" "$out/initrd.img"
cp "$vmlinuz" "$out/vmlinuz"

{
  echo "kernel_package=$kpkg"
  echo "kernel_version=$(dpkg-deb -f "$work"/debs/"$kpkg"_*.deb Version)"
  echo "busybox_version=$(dpkg-deb -f "$work"/debs/busybox-static_*.deb Version)"
  echo "liburing_version=$(dpkg-query -W -f '${Version}' liburing-dev 2>/dev/null || echo unknown)"
  echo "modules=$(tr '\n' ' ' <"$work/root/lib/modules/load-order")"
  (cd "$out" && sha256sum vmlinuz initrd.img)
} >"$out/manifest"
rm -rf "$work"
echo "linux-guest: $out/vmlinuz, $out/initrd.img ($(du -h "$out/initrd.img" | cut -f1))" >&2
