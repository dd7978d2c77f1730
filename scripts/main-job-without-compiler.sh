#!/usr/bin/env bash
# Runs the main job as a fresh machine meets it: in a private mount namespace where every C compiler is
# masked and /usr/include is empty (so liburing.h is gone), with an empty cache folder, so that nothing a
# test built earlier can stand in. Fails when ./nvme-bridge fails or its table lacks the kernel io_uring
# and fio rows (./run-tests installs fio). Called by ./run-tests after the test suites; needs root (unshare --mount).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d /tmp/nvme-bridge-fresh.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
# shellcheck disable=SC2016
unshare --mount bash -euo pipefail -c '
  for cc in gcc cc c89 c99 clang tcc gcc-12 x86_64-linux-gnu-gcc x86_64-linux-gnu-gcc-12; do
    p="$(command -v "$cc" 2>/dev/null)" || continue
    mount --bind /bin/false "$(readlink -f "$p")"
  done
  mount -t tmpfs none /usr/include
  if gcc --version >/dev/null 2>&1 || [ -e /usr/include/liburing.h ]; then
    echo "main-job-without-compiler: could not hide gcc or liburing.h" >&2
    exit 1
  fi
  # exactly the README'"'"'s first command, from the scratch folder: its report lands there
  cd "$2"
  XDG_CACHE_HOME="$2/cache" "$1/nvme-bridge"
' main-job "$root" "$scratch" | tee "$scratch/out.txt"
for row in "kernel +io_uring-nop +1 " "kernel +io_uring-read +1 " "kernel +io_uring-nop +32 " \
    "kernel +io_uring-read +32 " "fio +io_uring-read +1 " "fio +io_uring-read +32 "; do
  if ! grep -Eq "^$row" "$scratch/out.txt"; then
    echo "main-job-without-compiler: the table has no kernel row '$row'" >&2
    exit 1
  fi
done
echo "main-job-without-compiler: the main job ran with no C compiler and no liburing header"
