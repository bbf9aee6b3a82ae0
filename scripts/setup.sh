# Sourced by ./arr: installs what is missing and builds, doing no work that is already done.

# Prints the packages of the given lists (scripts/apt-packages*.txt) that are not installed.
# One dpkg-query for all of them, so a machine that has everything pays a few milliseconds.
arr_missing_packages() {
  local wanted=() installed=() pkg list
  for list in "$@"; do
    while read -r pkg; do
      [[ -z "$pkg" || "$pkg" == \#* ]] && continue
      wanted+=("$pkg")
    done < "$list"
  done
  [[ ${#wanted[@]} -eq 0 ]] && return 0
  # Unknown packages are left out of dpkg-query's output (and make it exit 1): they count as missing.
  mapfile -t installed < <(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null |
    awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }')
  local missing=() seen=" ${installed[*]:-} "
  for pkg in "${wanted[@]}"; do
    [[ "$seen" == *" $pkg "* ]] && continue
    missing+=("$pkg")
    seen+="$pkg "
  done
  echo "${missing[@]:-}"
}

# Installs the missing packages of the given lists when root. Otherwise prints the exact apt-get
# line; required lists stop ./arr (exit 2), optional ones (--optional WHAT) only warn, because the
# command can still run without what they add.
arr_install_packages() {
  local optional=""
  if [[ "${1:-}" == "--optional" ]]; then optional="$2"; shift 2; fi
  local missing
  missing="$(arr_missing_packages "$@")"
  [[ -z "${missing// /}" ]] && return 0
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "arr: installing Debian packages: $missing" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
  elif [[ -n "$optional" ]]; then
    echo "arr: $optional needs these Debian packages; continuing without it. To include it, run:" >&2
    echo "  sudo apt-get install -y $missing" >&2
  else
    echo "arr: these Debian packages are missing. Install them, then run ./arr again:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    exit 2
  fi
}

arr_setup() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "arr: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
    exit 2
  fi
  arr_install_packages "$ROOT/scripts/apt-packages.txt"
}

# The C baseline that `arr bench render|encode` builds and runs beside ArrHost needs a C toolchain
# and -dev packages (scripts/apt-packages-bench.txt); only those two commands install them.
arr_setup_bench() {
  [[ "${1:-}" == "bench" && ( "${2:-}" == "render" || "${2:-}" == "encode" ) ]] || return 0
  local arg
  for arg in "$@"; do [[ "$arg" == "--no-baseline" ]] && return 0; done
  arr_install_packages --optional "the C baseline of the benchmark" "$ROOT/scripts/apt-packages-bench.txt"
}

arr_build() {
  # MSBuild is incremental; a quiet build of an up-to-date tree takes a few seconds.
  if ! dotnet build "$ROOT/ArrHost.sln" -c "$CONFIG" -nologo -v:q -clp:ErrorsOnly >&2; then
    echo "arr: build failed" >&2
    exit 1
  fi
}
