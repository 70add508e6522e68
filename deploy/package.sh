#!/usr/bin/env bash
# Builds the Lambda package: deploy/package.sh [--out DIR]  ->  DIR/bootstrap.zip
# (DIR defaults to .build-package). Prints the zip's path, size and architecture last.
#
# A release build of `bootstrap` with the Swift standard library linked statically, stripped,
# made to need nothing newer than Lambda's provided.al2023 has, checked, and zipped as
# `bootstrap` at the zip's root (Lambda runs /var/task/bootstrap for a custom runtime).
#
# What provided.al2023 carries (AL2023 minimal image: glibc 2.34, and microdnf with its
# dependencies, among them libcurl-minimal, openssl-libs, zlib, libstdc++ and libgcc):
# the allowlist below. Any other library, or a symbol version newer than those, fails the
# package: nothing is bundled, because nothing needs to be.
set -euo pipefail
cd "$(dirname "$0")/.."

out=.build-package
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        --out=*) out="${1#--out=}"; shift ;;
        -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
        *) echo "package.sh: unknown argument $1 (usage: deploy/package.sh [--out DIR])" >&2; exit 2 ;;
    esac
done

# Libraries the binary may need (its direct NEEDED entries), each carried by provided.al2023.
allowed_libraries="libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libutil.so.1
ld-linux-x86-64.so.2 ld-linux-aarch64.so.1 libgcc_s.so.1 libstdc++.so.6
libcurl.so.4 libcrypto.so.3 libssl.so.3 libz.so.1"
# The newest version of each versioned namespace that AL2023 provides: glibc 2.34; GCC 11's
# libstdc++ (GLIBCXX_3.4.29, CXXABI_1.3.13) and libgcc_s (GCC_7.0.0, GCC_11.0 on aarch64);
# OpenSSL 3.0's OPENSSL_3.0.0.
max_GLIBC=2.34 max_GLIBCXX=3.4.29 max_CXXABI=1.3.13 max_GCC=11.0 max_OPENSSL=3.0.0

echo "== build (release, static Swift standard library)"
swift build -c release --product bootstrap --static-swift-stdlib
binary="$(swift build -c release --show-bin-path)/bootstrap"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$binary" "$stage/bootstrap"
strip --strip-all "$stage/bootstrap"
chmod 0755 "$stage/bootstrap"

case "$(readelf -h "$stage/bootstrap" | sed -n 's/^ *Machine: *//p')" in
    *X86-64*) arch=x86_64 baseline=GLIBC_2.2.5 ;;
    *AArch64*) arch=arm64 baseline=GLIBC_2.17 ;;
    *) echo "package.sh: unsupported machine" >&2; exit 1 ;;
esac

version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

echo "== make it need nothing newer than provided.al2023"
# A symbol whose default version is newer than glibc 2.34 (hypotf@GLIBC_2.35, imported by
# Swift's static Glibc overlay) is pointed at the original version, which every glibc keeps;
# the check refuses unless the build machine's library exports each such symbol there.
while read -r library versions; do
    for version in $versions; do
        case "$version" in GLIBC_2.*) ;; *) continue ;; esac
        if ! version_le "${version#GLIBC_}" "$max_GLIBC"; then
            reference="$(ldd "$stage/bootstrap" | awk -v lib="$library" '$1 == lib { print $3 }')"
            python3 deploy/elfcompat.py retarget "$stage/bootstrap" "$library" "$version" "$baseline" "$reference"
        fi
    done
done < <(python3 deploy/elfcompat.py needs "$stage/bootstrap")
# Debian versions libcurl's symbols (CURL_OPENSSL_4); Amazon Linux builds its own libcurl.
python3 deploy/elfcompat.py unversion "$stage/bootstrap" libcurl.so.4

echo "== dynamic dependencies (NEEDED)"
failures=0
for library in $(readelf -d "$stage/bootstrap" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    if printf '%s\n' $allowed_libraries | grep -qxF "$library"; then
        echo "  $library  (provided.al2023 has it)"
    else
        echo "  $library  NOT on provided.al2023" >&2
        failures=$((failures + 1))
    fi
done
readelf -d "$stage/bootstrap" | grep -E '\((RPATH|RUNPATH)\)' | sed 's/^ */  /' || true

echo "== symbol versions needed"
newest=""
while read -r library versions; do
    echo "  $library: $versions"
    for version in $versions; do
        namespace="${version%%_*}" number="${version#*_}"
        case "$namespace" in
            GLIBC|GLIBCXX|CXXABI|GCC|OPENSSL) limit_var="max_$namespace" ;;
            *) echo "  $library: $version is no version provided.al2023 is known to have" >&2
               failures=$((failures + 1)); continue ;;
        esac
        if ! version_le "$number" "${!limit_var}"; then
            echo "  $library: $version is newer than provided.al2023's $namespace ${!limit_var}" >&2
            failures=$((failures + 1))
        fi
        if [ "$namespace" = GLIBC ] && { [ -z "$newest" ] || ! version_le "$number" "$newest"; }; then newest="$number"; fi
    done
done < <(python3 deploy/elfcompat.py needs "$stage/bootstrap")
echo "  newest glibc version needed: GLIBC_$newest (provided.al2023: $max_GLIBC)"

echo "== the libraries those bring in on this machine (on Lambda the system's own copies do)"
ldd "$stage/bootstrap" | sed 's/ (0x[0-9a-f]*)//; s/^\t/  /'

if [ "$failures" -gt 0 ]; then
    echo "package.sh: $failures problem(s): the package would not start on provided.al2023" >&2
    exit 1
fi

echo "== smoke: it loads and starts with an empty environment"
smoke="$(env -i "$stage/bootstrap" </dev/null 2>&1 || true)"
case "$smoke" in
    *AWS_LAMBDA_RUNTIME_API*) echo "  $smoke" ;;
    *) echo "package.sh: the binary did not start as expected: $smoke" >&2; exit 1 ;;
esac

mkdir -p "$out"
zip_path="$(cd "$out" && pwd)/bootstrap.zip"
rm -f "$zip_path"
(cd "$stage" && zip -q -X -9 "$zip_path" bootstrap)
size=$(stat -c %s "$zip_path")
echo "== package"
echo "architecture: $arch"
echo "size: $size bytes ($(( (size + 1023) / 1024 )) KiB; bootstrap unzipped $(stat -c %s "$stage/bootstrap") bytes)"
echo "$zip_path"
