# Sourced by ./arr: installs what is missing and builds, doing no work that is already done.

arr_missing_packages() {
  local missing=() pkg
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done < "$ROOT/scripts/apt-packages.txt"
  echo "${missing[@]:-}"
}

arr_setup() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "arr: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
    exit 2
  fi
  local missing
  missing="$(arr_missing_packages)"
  if [[ -n "${missing// /}" ]]; then
    if [[ "$(id -u)" -eq 0 ]]; then
      echo "arr: installing Debian packages: $missing" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
    else
      echo "arr: these Debian packages are missing. Install them, then run ./arr again:" >&2
      echo "  sudo apt-get install -y $missing" >&2
      exit 2
    fi
  fi
}

arr_build() {
  # MSBuild is incremental; a quiet build of an up-to-date tree takes a few seconds.
  if ! dotnet build "$ROOT/ArrHost.sln" -c "$CONFIG" -nologo -v:q -clp:ErrorsOnly >&2; then
    echo "arr: build failed" >&2
    exit 1
  fi
}
