#!/usr/bin/env bash
# Installs what this machine lacks to build, run and test the project, and nothing else:
#
#   deploy/setup.sh [--for all|run-local|test] [--dry-run]
#
#   --for run-local  what deploy/run-local.sh needs: libcurl's and OpenSSL's headers and
#                    pkg-config (Debian packages), and the AWS CLI (pinned, pip)
#   --for test       everything (the default, also for .ci/run): the above, binutils and zip
#                    (deploy/package.sh), the pinned Python tools of requirements-test.txt
#                    and checkov in its own environment (.venv-checkov, requirements-checkov.txt:
#                    checkov pins an older boto3, so it never goes into the global Python)
#   --dry-run        only say what it would install, one line each; exits 0
#
# When everything is there it installs nothing and prints one line. Debian packages go in with
# apt-get (as root, or through sudo), Python tools with `python3 -m pip` (only those missing or
# at another version than pinned). The Swift toolchain is not installed here: a missing `swift`
# is reported with where to get it.
#
# Every check asks the thing itself, not a package database: `pkg-config --exists libcurl`,
# `command -v zip`, the installed Python distributions' versions. So the checks follow PATH
# (tests/test_setup.py runs them against fakes).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

purpose=all dry_run=0
while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) dry_run=1; shift ;;
        --for) [ $# -ge 2 ] || usage; purpose="$2"; shift 2 ;;
        --for=*) purpose="${1#--for=}"; shift ;;
        -h|--help) usage ;;
        *) echo "setup.sh: unknown argument $1" >&2; usage ;;
    esac
done
case "$purpose" in all|test|ci) purpose=all ;; run-local) ;; *) echo "setup.sh: --for takes all, run-local or test" >&2; usage ;; esac

python="${PYTHON:-python3}"
have() { command -v "$1" >/dev/null 2>&1; }

# --- What is missing -------------------------------------------------------------------------

apt_missing=()     # Debian packages
pip_missing=()     # pins for the global Python
venv_missing=()    # pins for .venv-checkov
unavailable=()     # what this script does not install, with where to get it

have swift || unavailable+=("swift: install a Swift 6 toolchain (https://www.swift.org/install/linux/); this script does not")

if have pkg-config; then
    pkg-config --exists libcurl 2>/dev/null || apt_missing+=(libcurl4-openssl-dev)
    pkg-config --exists libcrypto 2>/dev/null || apt_missing+=(libssl-dev)
else
    # Without pkg-config neither library can be found by the build: all three go in.
    apt_missing+=(pkg-config libcurl4-openssl-dev libssl-dev)
fi
if [ "$purpose" = all ]; then
    # deploy/package.sh: strip, readelf and objdump (binutils), zip.
    for tool in strip readelf objdump; do
        have "$tool" || { apt_missing+=(binutils); break; }
    done
    have zip || apt_missing+=(zip)
fi

# The pins of a requirements file that `$1` (a Python) lacks or has at another version, one a
# line, as written in the file (`moto[server]==5.2.1`: an extra counts as installed when the
# distributions it requires are).
missing_pins() {
    "$1" - "$2" "${3:-}" <<'EOF'
import re, sys
from importlib import metadata

path, only = sys.argv[1], set(filter(None, sys.argv[2].split(",")))

def installed(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None

def extra_requirements(name, extra):
    names = []
    for requirement in metadata.requires(name) or []:
        spec, _, marker = requirement.partition(";")
        if re.search(r"""extra\s*==\s*['"]%s['"]""" % re.escape(extra), marker):
            names.append(re.match(r"[A-Za-z0-9._-]+", spec.strip()).group(0))
    return names

for line in open(path):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    match = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[([^\]]*)\])?\s*==\s*(\S+)", line)
    if not match:
        sys.exit(f"setup.sh: {path}: not a name==version pin: {line}")
    name, extras, version = match.group(1), match.group(2), match.group(3)
    if only and name.lower() not in only:
        continue
    ok = installed(name) == version
    if ok and extras:
        ok = all(installed(dependency) for extra in extras.split(",") for dependency in extra_requirements(name, extra.strip()))
    if not ok:
        print(line)
EOF
}

if ! have "$python"; then
    apt_missing+=(python3 python3-pip python3-venv)
    if [ "$purpose" = all ]; then
        while read -r pin; do pip_missing+=("$pin"); done < <(grep -Eo '^[^# ]+' requirements-test.txt)
    else
        pip_missing+=("$(grep -Eo '^awscli==[^ ]+' requirements-test.txt)")
    fi
else
    "$python" -m pip --version >/dev/null 2>&1 || apt_missing+=(python3-pip)
    only=""
    [ "$purpose" = run-local ] && only=awscli
    while read -r pin; do pip_missing+=("$pin"); done < <(missing_pins "$python" requirements-test.txt "$only")
fi

if [ "$purpose" = all ]; then
    venv_python=.venv-checkov/bin/python
    if [ -x "$venv_python" ]; then
        while read -r pin; do venv_missing+=("$pin"); done < <(missing_pins "$venv_python" requirements-checkov.txt)
    else
        if have "$python" && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then apt_missing+=(python3-venv); fi
        while read -r pin; do venv_missing+=("$pin"); done < <(grep -Eo '^[^# ]+' requirements-checkov.txt)
    fi
fi

# Each Debian package once, in a stable order.
if [ ${#apt_missing[@]} -gt 0 ]; then
    mapfile -t apt_missing < <(printf '%s\n' "${apt_missing[@]}" | sort -u)
fi

# --- Report or install -----------------------------------------------------------------------

if [ ${#apt_missing[@]} -eq 0 ] && [ ${#pip_missing[@]} -eq 0 ] && [ ${#venv_missing[@]} -eq 0 ] && [ ${#unavailable[@]} -eq 0 ]; then
    echo "setup: nothing to install"
    exit 0
fi

if [ "$dry_run" = 1 ]; then
    for package in ${apt_missing[@]+"${apt_missing[@]}"}; do echo "would install $package (Debian package)"; done
    for pin in ${pip_missing[@]+"${pip_missing[@]}"}; do echo "would install $pin ($python -m pip)"; done
    for pin in ${venv_missing[@]+"${venv_missing[@]}"}; do echo "would install $pin (.venv-checkov)"; done
    for line in ${unavailable[@]+"${unavailable[@]}"}; do echo "missing $line"; done
    exit 0
fi

for line in ${unavailable[@]+"${unavailable[@]}"}; do echo "setup: missing $line" >&2; done
[ ${#unavailable[@]} -eq 0 ] || exit 1

if [ ${#apt_missing[@]} -gt 0 ]; then
    echo "setup: installing ${apt_missing[*]} (Debian packages)"
    as_root=()
    if [ "$(id -u)" != 0 ]; then
        have sudo || { echo "setup: installing Debian packages needs root (or sudo): apt-get install ${apt_missing[*]}" >&2; exit 1; }
        as_root=(sudo)
    fi
    have apt-get || { echo "setup: no apt-get here: install ${apt_missing[*]} (or their equivalents) yourself" >&2; exit 1; }
    # Another apt or dpkg at work holds the lock: wait for it rather than fail.
    ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    # apt's own chatter goes; its errors stay (debconf's note on a machine without apt-utils is not one).
    ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends "${apt_missing[@]}" >/dev/null 2> >(grep -v '^debconf: delaying package configuration' >&2)
fi

pip_install() {
    local interpreter="$1"; shift
    local flags=(--quiet --disable-pip-version-check)
    [ "$(id -u)" = 0 ] && flags+=(--root-user-action=ignore)
    # A Python the distribution manages (Debian's own python3) refuses pip without this.
    if "$interpreter" -c 'import sys, sysconfig, os; sys.exit(0 if sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)' 2>/dev/null; then
        flags+=(--break-system-packages)
    fi
    local list
    list="$(mktemp)"
    printf '%s\n' "$@" > "$list"
    "$interpreter" -m pip install "${flags[@]}" -r "$list"
    rm -f "$list"
}

if [ ${#pip_missing[@]} -gt 0 ]; then
    echo "setup: installing ${pip_missing[*]} ($python -m pip)"
    pip_install "$python" "${pip_missing[@]}"
fi

if [ ${#venv_missing[@]} -gt 0 ]; then
    echo "setup: installing ${venv_missing[*]} (.venv-checkov)"
    [ -x .venv-checkov/bin/python ] || "$python" -m venv .venv-checkov
    pip_install .venv-checkov/bin/python "${venv_missing[@]}"
fi
echo "setup: done"
