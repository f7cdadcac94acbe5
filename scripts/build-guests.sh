#!/usr/bin/env bash
# Builds the WAGI test guests used by mik's tests.
#
#   tests/guests/src/<name>.c    -> clang-14 --target=wasm32-wasi (wasi-libc)
#   tests/guests/src/<name>.wat  -> wat2wasm
#   tests/guests/src/<name>.py   -> generator: python3 <name>.py > build/<name>.c, then clang-14
#   tests/guests/components/<name>.wat -> component: wasmtime_wat2wasm of the shipped libwasmtime.so
#                                  (scripts/lib/wat2component.py), then compiled once to validate it
#   tests/guests/components/c/<name>.c -> component, second toolchain: clang-14 + wasi-libc core module, the WIT
#                                  world c/wit embedded and made a component with the preview1 reactor adapter by
#                                  npm's jco (scripts/lib/jco.mjs), validated like the .wat ones
#   tests/guests/components/js/<name>.js -> with --js only: a JavaScript component by npm's componentize-js,
#                                  written to tests/guests/build/ (some 13 MB, not committed; docs/components.md)
#
# Output: tests/guests/wasm/<name>.wasm (committed), each checked with wasm-validate and
# for the `_start` and `memory` exports (but nostart, the undeployable one). Scratch files go to tests/guests/build/ (ignored).
# Idempotent: a guest whose inputs, flags and tool version are unchanged since its last build
# here (stamp in build/) and whose .wasm is untouched is skipped; outputs are bit-reproducible.
#
# Usage: scripts/build-guests.sh [--force] [--js]   (works from any directory)
# Toolchain (Debian): clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 wabt python3 nodejs npm,
# installed with apt-get when missing and running as root; jco and componentize-js (pinned below) with npm
# into tests/guests/build/npm.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SRC=tests/guests/src
OUT=tests/guests/wasm
BUILD=tests/guests/build
CC=clang-14
CFLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -Wl,--strip-all)
PACKAGES=(clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 wabt python3 nodejs npm)
NPM_TOOLS=(@bytecodealliance/jco@1.35.0 @bytecodealliance/componentize-js@0.23.0)

force=0 js=0
for arg in "$@"; do
  case $arg in
    -f|--force) force=1 ;;
    --js) js=1 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--force] [--js]" >&2; exit 2 ;;
  esac
done

toolchain_ok() {
  command -v "$CC" >/dev/null && command -v wasm-ld-14 >/dev/null \
    && command -v wat2wasm >/dev/null && command -v wasm-validate >/dev/null \
    && command -v wasm-objdump >/dev/null && command -v python3 >/dev/null \
    && command -v node >/dev/null && command -v npm >/dev/null \
    && [[ -f /usr/lib/wasm32-wasi/libc.a ]] \
    && [[ -f "$("$CC" --target=wasm32-wasi -print-libgcc-file-name)" ]]
}

if ! toolchain_ok; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: wasm toolchain missing; as root run: apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
  fi
  echo "installing toolchain: ${PACKAGES[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
  toolchain_ok || { echo "error: toolchain still incomplete after apt-get install" >&2; exit 1; }
fi

mkdir -p "$OUT" "$BUILD"

sha() { sha256sum "$@" | cut -d' ' -f1; }

# stamp <name> <input files...>: hash of the inputs, the flags and the tool versions.
stamp() {
  local name=$1; shift
  {
    printf '%s\n' "$name" "${CFLAGS[*]}"
    "$CC" --version | head -n1
    wat2wasm --version
    cat "$@"
  } | sha256sum | cut -d' ' -f1
}

# check <wasm>: valid module that exports _start and memory (nostart lacks _start on purpose).
check() {
  wasm-validate "$1"
  local exports
  exports=$(wasm-objdump -x -j Export "$1")
  [[ $(basename "$1") == nostart.wasm ]] || grep -qF -e '-> "_start"' <<<"$exports" \
    || { echo "error: $1 does not export _start" >&2; exit 1; }
  grep -qF -e '-> "memory"' <<<"$exports" || { echo "error: $1 does not export memory" >&2; exit 1; }
}

built=0 skipped=0
shopt -s nullglob
for src in "$SRC"/*.c "$SRC"/*.wat "$SRC"/*.py; do
  file=${src##*/}
  name=${file%.*}
  out=$OUT/$name.wasm
  tmp=$BUILD/$name.wasm

  case $file in
    *.c)   inputs=("$src" "$SRC/cgi.h") ;;
    *.wat) inputs=("$src") ;;
    *.py)  python3 "$src" > "$BUILD/$name.c.new"
           if cmp -s "$BUILD/$name.c.new" "$BUILD/$name.c"; then rm "$BUILD/$name.c.new"
           else mv "$BUILD/$name.c.new" "$BUILD/$name.c"; fi
           inputs=("$BUILD/$name.c" "$SRC/cgi.h") ;;
  esac

  want=$(stamp "$name" "${inputs[@]}")
  if [[ $force -eq 0 && -f $out && -f $BUILD/$name.stamp ]] \
     && [[ "$(cat "$BUILD/$name.stamp")" == "$want $(sha "$out")" ]]; then
    skipped=$((skipped + 1))
    continue
  fi

  echo "building $name ($file)"
  case $file in
    *.c)   "$CC" "${CFLAGS[@]}" -o "$tmp" "$src" ;;
    *.wat) wat2wasm -o "$tmp" "$src" ;;
    *.py)  "$CC" "${CFLAGS[@]}" -I "$SRC" -o "$tmp" "$BUILD/$name.c" ;;
  esac
  check "$tmp"
  # Replace the committed file only when the bytes differ (keeps git and mtimes quiet).
  if cmp -s "$tmp" "$out"; then rm "$tmp"; else mv "$tmp" "$out"; fi
  echo "$want $(sha "$out")" > "$BUILD/$name.stamp"
  built=$((built + 1))
done

# Components (wasi:http handlers, docs/components.md): the component text format, parsed and validated by the
# libwasmtime.so of the Wasmtime package mik ships, found in the NuGet cache (dotnet restore puts it there).
COMPONENTS=tests/guests/components
wasmtime_version=$(sed -n 's/.*PackageVersion Include="Wasmtime" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
libwasmtime=${NUGET_PACKAGES:-$HOME/.nuget/packages}/wasmtime/$wasmtime_version/runtimes/linux-x64/native/libwasmtime.so
for src in "$COMPONENTS"/*.wat; do
  [[ -f $libwasmtime ]] || { echo "error: $libwasmtime missing; run dotnet restore first" >&2; exit 1; }
  name=$(basename "$src" .wat)
  out=$COMPONENTS/$name.wasm
  want=$({ echo "$name component"; sha "$libwasmtime"; cat "$src" scripts/lib/wat2component.py; } | sha256sum | cut -d' ' -f1)
  if [[ $force -eq 0 && -f $out && -f $BUILD/$name.stamp ]] \
     && [[ "$(cat "$BUILD/$name.stamp")" == "$want $(sha "$out")" ]]; then
    skipped=$((skipped + 1))
    continue
  fi
  echo "building $name (component)"
  python3 scripts/lib/wat2component.py "$libwasmtime" "$src" "$BUILD/$name.wasm"
  if cmp -s "$BUILD/$name.wasm" "$out"; then rm "$BUILD/$name.wasm"; else mv "$BUILD/$name.wasm" "$out"; fi
  echo "$want $(sha "$out")" > "$BUILD/$name.stamp"
  built=$((built + 1))
done

# Components from toolchains (docs/components.md, "How to build a component for mik"): npm's jco does the
# component steps (wasm-tools' embed and new, with the preview1 adapter it ships).
NPM=$BUILD/npm
npm_tools() {
  local want
  want=$(printf '%s\n' "${NPM_TOOLS[@]}")
  [[ -f $NPM/tools && "$(cat "$NPM/tools")" == "$want" ]] && return
  echo "installing npm tools: ${NPM_TOOLS[*]}"
  mkdir -p "$NPM"
  npm install --prefix "$NPM" --no-save --no-audit --no-fund --loglevel=error "${NPM_TOOLS[@]}" >/dev/null
  echo "$want" > "$NPM/tools"
}
jco() { node scripts/lib/jco.mjs "$NPM" "$@"; }

for src in "$COMPONENTS"/c/*.c; do
  name=$(basename "$src" .c)
  out=$COMPONENTS/$name.wasm
  want=$({ echo "$name c component"; printf '%s\n' "${CFLAGS[*]}" "${NPM_TOOLS[@]}"; "$CC" --version | head -n1
           sha "$libwasmtime"; cat "$src" "$COMPONENTS"/c/*.h scripts/lib/jco.mjs scripts/lib/wat2component.py
           find "$COMPONENTS/c/wit" -name '*.wit' | LC_ALL=C sort | xargs cat; } | sha256sum | cut -d' ' -f1)
  if [[ $force -eq 0 && -f $out && -f $BUILD/$name.stamp ]] \
     && [[ "$(cat "$BUILD/$name.stamp")" == "$want $(sha "$out")" ]]; then
    skipped=$((skipped + 1))
    continue
  fi
  echo "building $name (C component)"
  npm_tools
  # A reactor without crt1's _start: the component's export is the entry point, wasi-libc works without init.
  "$CC" "${CFLAGS[@]}" -nostartfiles -Wl,--no-entry -o "$BUILD/$name.core.wasm" "$src"
  jco embed --wit "$COMPONENTS/c/wit" --world-name "$name" -o "$BUILD/$name.embed.wasm" "$BUILD/$name.core.wasm"
  jco new --wasi-reactor -o "$BUILD/$name.component.wasm" "$BUILD/$name.embed.wasm"
  python3 scripts/lib/wat2component.py "$libwasmtime" "$BUILD/$name.component.wasm" "$BUILD/$name.wasm"
  if cmp -s "$BUILD/$name.wasm" "$out"; then rm "$BUILD/$name.wasm"; else mv "$BUILD/$name.wasm" "$out"; fi
  echo "$want $(sha "$out")" > "$BUILD/$name.stamp"
  built=$((built + 1))
done

if [[ $js -eq 1 ]]; then
  npm_tools
  for src in "$COMPONENTS"/js/*.js; do
    name=$(basename "$src" .js)
    echo "building $name (JavaScript component, into $BUILD)"
    # componentize-js 0.23 embeds StarlingMonkey, whose handler is wasi:http@0.2.10: its WIT is js/wit.
    jco componentize-js "$src" \
      --wit "$COMPONENTS/js/wit" --world-name guest -o "$BUILD/$name.component.wasm"
    python3 scripts/lib/wat2component.py "$libwasmtime" "$BUILD/$name.component.wasm" "$BUILD/$name.wasm"
    built=$((built + 1))
  done
fi

# Validate everything that is there (also catches a hand-edited or stale .wasm).
for wasm in "$OUT"/*.wasm; do check "$wasm"; done

echo "guests: $built built, $skipped up to date"
for wasm in "$OUT"/*.wasm "$COMPONENTS"/*.wasm; do
  printf '  %-10s %9d bytes\n' "$(basename "$wasm" .wasm)" "$(stat -c %s "$wasm")"
done

# The README's run command serves these friendly ones from examples/modules.
for name in hello echo headers; do
  cmp -s "$OUT/$name.wasm" "examples/modules/$name.wasm" 2>/dev/null || cp "$OUT/$name.wasm" "examples/modules/$name.wasm"
done
# And the hello component, to show a wasi:http component served beside them.
cmp -s "$COMPONENTS/hello-http.wasm" examples/modules/hello-http.wasm 2>/dev/null \
  || cp "$COMPONENTS/hello-http.wasm" examples/modules/hello-http.wasm
