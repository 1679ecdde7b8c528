#!/usr/bin/env bash
# Builds the kernel emulator: g++ compiles every kernels/*.cu (with native/cuda_emu.h
# force-included) plus the launcher and the JNI bridge into one shared library.
#
#   native/build-emulator.sh <target-dir> <java-home>
#
# Output: <target>/native/libnetdyn_emu.so, copied to
#         <target>/classes/native/linux-x86_64/libnetdyn_emu.so (packed in the jar).
# Without g++ (or on another OS/arch) nothing is built and the script still succeeds: the
# emulator tests are then skipped and say why (EmulatorNative.unavailableReason). A compile
# error in a kernel or in native/ fails the build.
# Run by Maven (antrun, phase compile); skips the work when the library is newer than its sources.
set -euo pipefail

target=${1:?usage: build-emulator.sh <target-dir> <java-home>}
java_home=${2:?usage: build-emulator.sh <target-dir> <java-home>}
root=$(cd "$(dirname "$0")/.." && pwd)
out_dir="$target/native"
lib="$out_dir/libnetdyn_emu.so"
packed="$target/classes/native/linux-x86_64/libnetdyn_emu.so"
status="$out_dir/emulator-status.txt"
mkdir -p "$out_dir"

skip() {
    echo "[netdyn emulator] not built: $1"
    echo "not built: $1" > "$status"
    rm -f "$lib" "$packed"
    exit 0
}

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || skip "the emulator is built on linux-x86_64 only (this is $(uname -s)-$(uname -m))"
command -v g++ > /dev/null || skip "g++ is not on PATH"
[[ -f "$java_home/include/jni.h" ]] || skip "no JNI headers in $java_home/include (a JRE, not a JDK?)"

sources=("$root"/kernels/*.cu "$root"/native/*.cpp)
inputs=("${sources[@]}" "$root"/kernels/*.cuh "$root"/native/*.h "$0")
if [[ -f "$lib" && -f "$packed" ]]; then
    newer=$(find "${inputs[@]}" -newer "$lib" | head -n 1)
    if [[ -z "$newer" ]]; then
        echo "[netdyn emulator] up to date: $lib"
        exit 0
    fi
fi

flags=(-std=c++20 -O2 -fPIC -fvisibility=hidden -pthread -ffp-contract=off -fno-fast-math -Wall -Wextra -Wno-unknown-pragmas
       -I"$root/kernels" -I"$root/native" -I"$java_home/include" -I"$java_home/include/linux")
# Private scratch and temporary names: concurrent builds in one tree must not clobber each other.
obj_dir=$(mktemp -d "$out_dir/obj.XXXXXX")
trap 'rm -rf "$obj_dir" "$lib.tmp.$$" "$packed.tmp.$$"' EXIT
echo "[netdyn emulator] g++ $(g++ -dumpfullversion): ${#sources[@]} sources -> $lib"
pids=()
for src in "${sources[@]}"; do
    name=$(basename "$src")
    if [[ "$src" == *.cu ]]; then
        g++ "${flags[@]}" -x c++ -include "$root/native/cuda_emu.h" -c "$src" -o "$obj_dir/$name.o" &
    else
        g++ "${flags[@]}" -c "$src" -o "$obj_dir/$name.o" &
    fi
    pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[[ $failed == 0 ]] || { echo "[netdyn emulator] compile error (see above)" >&2; exit 1; }
# libstdc++ statically: the library (also packed in the jar) then needs only glibc.
if ! g++ -shared -pthread -static-libstdc++ -static-libgcc -Wl,--exclude-libs,ALL -o "$lib.tmp.$$" "$obj_dir"/*.o 2> "$obj_dir/static-link.log"; then
    echo "[netdyn emulator] static libstdc++ unavailable, linking it dynamically"
    g++ -shared -pthread -o "$lib.tmp.$$" "$obj_dir"/*.o
fi
mkdir -p "$(dirname "$packed")"
cp "$lib.tmp.$$" "$packed.tmp.$$"
mv "$packed.tmp.$$" "$packed"
mv "$lib.tmp.$$" "$lib"
echo "built with g++ $(g++ -dumpfullversion)" > "$status"
echo "[netdyn emulator] built $lib"
