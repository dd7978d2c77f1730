#!/usr/bin/env bash
# Builds the Linux guest of the kernel-NVMe baseline from Debian packages only:
#   vmlinuz      Debian's kernel (the package linux-image-amd64 depends on, e.g. linux-image-6.1.0-NN-amd64)
#   initrd.img   busybox-static, the kernel's nvme modules (nvme-core.ko, nvme.ko and what modules.dep says
#                they need, decompressed here so busybox insmod can load them), nvme_randread (static,
#                io_uring + O_DIRECT, liburing-dev's static library), nvme-cli (Debian's dynamically linked
#                /usr/sbin/nvme with every shared library its ELF NEEDED entries reach, and the dynamic loader)
#                and /init, which runs the benchmark (default) or, with nvb.mode=nvme-cli on the kernel command
#                line, prints nvme-cli's JSON documents, and powers the guest off
#   manifest     the exact package versions and sha256 of everything above (the .debs included)
#
# Usage: qemu-images/linux-guest/build.sh [OUT_DIR]        (default: qemu-images/build/linux-guest)
# Needs: apt-get (Debian bookworm sources), dpkg-deb, gcc, objcopy and readelf (binutils), liburing-dev, gzip, xz-utils (the
# cpio archive is written by the downloaded busybox). nvme-cli need not be installed on the host.
# Override the kernel with KERNEL_PACKAGE=linux-image-6.1.0-NN-amd64.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../build/linux-guest}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$out/work"
rm -rf "$work"
mkdir -p "$work/debs" "$work/x" "$work/root"

for tool in apt-get apt-cache dpkg-deb gcc objcopy readelf gzip xz; do
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

# 4. nvme-cli and the shared libraries it needs, resolved as ldd would but from the downloaded packages (the host
#    needs no nvme-cli): start from nvme-cli's .deb, follow the ELF NEEDED entries of /usr/sbin/nvme and of each
#    library found; a soname no downloaded package holds sends the resolver to the Depends of the packages whose
#    files are in the closure, which are downloaded in turn (each package unpacked into its own folder, so the
#    manifest can name the package of every file). The loader comes from the binary's PT_INTERP.
mkdir -p "$work/pkgs"
declare -A fetched=()
fetch_pkg() { # package -> $work/pkgs/NAME (unpacked), its .deb in $work/debs
  local p="$1" deb
  [ -n "${fetched[$p]:-}" ] && return 0
  (cd "$work/debs" && apt-get download -q "$p" >/dev/null 2>"$work/apt.err") \
    || { echo "linux-guest: apt-get download $p failed" >&2; cat "$work/apt.err" >&2; exit 1; }
  deb="$(ls "$work"/debs/"${p}"_*.deb | head -1)"
  mkdir -p "$work/pkgs/$p"
  dpkg-deb -x "$deb" "$work/pkgs/$p"
  fetched[$p]="$deb"
}
in_pkg() { # package, path inside it -> the path with symlinks resolved inside the package (not on the host)
  local root="$work/pkgs/$1" rel="${2#/}" target i
  for i in $(seq 1 16); do
    [ -L "$root/$rel" ] || break
    target="$(readlink "$root/$rel")"
    case "$target" in
      /*) rel="${target#/}" ;;
      *) rel="$(dirname "$rel")/$target" ;;
    esac
  done
  [ -f "$root/$rel" ] && [ ! -L "$root/$rel" ] || return 1
  echo "$rel"
}
find_soname() { # soname -> "package relative/path" of the first unpacked package holding it under a library dir
  local so="$1" p d rel
  for p in $(printf '%s\n' "${!fetched[@]}" | LC_ALL=C sort); do
    for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib64 lib usr/lib; do
      if rel="$(in_pkg "$p" "$d/$so")"; then
        echo "$p $rel"
        return 0
      fi
    done
  done
  return 1
}
package_depends() { # package -> the first alternative of each Depends/Pre-Depends, without versions or :any
  dpkg-deb -f "${fetched[$1]}" Depends Pre-Depends | sed 's/^[A-Za-z-]*: *//' | tr ',' '\n' \
    | sed 's/|.*//; s/(.*)//; s/:any//; s/^ *//; s/ *$//' | grep -v '^$' || true
}
fetch_pkg nvme-cli
nvme_bin="$work/pkgs/nvme-cli/usr/sbin/nvme"
[ -x "$nvme_bin" ] || { echo "linux-guest: /usr/sbin/nvme missing in nvme-cli" >&2; exit 1; }
interp="$(readelf -l "$nvme_bin" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')"
[ -n "$interp" ] || { echo "linux-guest: /usr/sbin/nvme has no program interpreter" >&2; exit 1; }
declare -A lib_at=()      # soname -> "package path"
declare -A closure_pkgs=([nvme-cli]=1)
for round in $(seq 1 12); do
  lib_at=()
  unresolved=()
  queue=("nvme-cli usr/sbin/nvme")
  declare -A seen=()
  while [ ${#queue[@]} -gt 0 ]; do
    item="${queue[0]}"
    queue=("${queue[@]:1}")
    pkg="${item%% *}"
    rel="${item#* }"
    closure_pkgs[$pkg]=1
    for so in $(readelf -d "$work/pkgs/$pkg/$rel" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      [ -n "${seen[$so]:-}" ] && continue
      seen[$so]=1
      if found="$(find_soname "$so")"; then
        lib_at[$so]="$found"
        queue+=("$found")
      else
        unresolved+=("$so")
      fi
    done
  done
  unset seen
  [ ${#unresolved[@]} -eq 0 ] && break
  wanted=()
  for p in $(printf '%s\n' "${!closure_pkgs[@]}" | LC_ALL=C sort); do
    for dep in $(package_depends "$p"); do
      [ -z "${fetched[$dep]:-}" ] && wanted+=("$dep")
    done
  done
  new=0
  if [ ${#wanted[@]} -gt 0 ]; then
    echo "linux-guest: nvme-cli needs ${unresolved[*]}; downloading the dependencies $(printf '%s\n' "${wanted[@]}" | LC_ALL=C sort -u | tr '\n' ' ')" >&2
    for dep in $(printf '%s\n' "${wanted[@]}" | LC_ALL=C sort -u); do
      fetch_pkg "$dep"
      new=1
    done
  fi
  [ "$new" -eq 1 ] || { echo "linux-guest: no package provides ${unresolved[*]} for nvme-cli" >&2; exit 1; }
done
[ ${#unresolved[@]} -eq 0 ] || { echo "linux-guest: could not resolve ${unresolved[*]} for nvme-cli" >&2; exit 1; }
interp_src=""
for p in $(printf '%s\n' "${!fetched[@]}" | LC_ALL=C sort); do
  if interp_rel="$(in_pkg "$p" "$interp")"; then interp_src="$p"; break; fi
done
[ -n "$interp_src" ] || { echo "linux-guest: no downloaded package holds the loader $interp" >&2; exit 1; }
mkdir -p "$work/root/usr/sbin" "$work/root/lib/x86_64-linux-gnu" "$work/root$(dirname "$interp")"
cp "$nvme_bin" "$work/root/usr/sbin/nvme"
cp "$work/pkgs/$interp_src/$interp_rel" "$work/root$interp" # /lib64/ld-linux-x86-64.so.2 is a symlink in libc6
: >"$work/nvme-libs"
for so in $(printf '%s\n' "${!lib_at[@]}" | LC_ALL=C sort); do
  pkg="${lib_at[$so]%% *}"
  rel="${lib_at[$so]#* }"
  # every library under the loader's default multiarch folder, at its soname (symlinks resolved)
  cp "$work/pkgs/$pkg/$rel" "$work/root/lib/x86_64-linux-gnu/$so"
  echo "$so:$pkg" >>"$work/nvme-libs"
done
chmod 755 "$work/root/usr/sbin/nvme" "$work/root$interp"
nvme_pkgs="$(cut -d: -f2 "$work/nvme-libs" | cat - <(echo nvme-cli; echo "$interp_src") | LC_ALL=C sort -u | tr '\n' ' ')"

# 5. the cpio archive (busybox's own cpio: no host cpio needed): sorted names, fixed times, root-owned
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
  for p in $nvme_pkgs; do
    echo "nvme_cli_package=$p $(dpkg-deb -f "${fetched[$p]}" Version) sha256=$(sha256sum "${fetched[$p]}" | cut -d' ' -f1)"
  done
  echo "nvme_cli_loader=$interp"
  echo "nvme_cli_libraries=$(cut -d: -f1 "$work/nvme-libs" | tr '\n' ' ')"
  (cd "$work/debs" && sha256sum "$kpkg"_*.deb busybox-static_*.deb | sed 's/^/deb_sha256=/')
  (cd "$out" && sha256sum vmlinuz initrd.img)
} >"$out/manifest"
rm -rf "$work"
echo "linux-guest: $out/vmlinuz, $out/initrd.img ($(du -h "$out/initrd.img" | cut -f1))" >&2
