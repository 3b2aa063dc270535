# Sourced by scripts/install-docker.sh and scripts/build-images.sh: apt installs that change nothing
# else on the machine. Every install is simulated first; when apt's plan would upgrade, downgrade
# or remove any installed package, the caller stops and lists them instead of touching the system.
# Recommends are not installed. The caller defines log() and die(); BY_HAND (optional) says what
# to do by hand instead.
APT_WAIT=(-o DPkg::Lock::Timeout=300)
apt_env() { NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive "$@"; }

# `update` also needs the lists lock, which DPkg::Lock::Timeout does not cover: wait in a loop for
# another apt run (unattended-upgrades on a fresh machine) instead of failing.
apt_update() {
  local i out
  for i in $(seq 1 60); do
    out=$(apt-get "${APT_WAIT[@]}" "$@" update -qq 2>&1) && return 0
    grep -q 'Could not get lock' <<<"$out" || break
    [ "$i" != 1 ] || log "another apt run holds the apt lock; waiting for it (up to 5 min)"
    sleep 5
  done
  printf '%s\n' "$out" >&2
  return 1
}

# Simulates `apt-get install ARGS`; dies when the plan upgrades or removes any installed package.
# Prints the names of the packages it would newly install.
plan_only_new_packages() {
  local plan changed
  plan=$(apt_env apt-get "${APT_WAIT[@]}" -s install -y --no-install-recommends "$@" 2>&1) \
    || { printf '%s\n' "$plan" >&2; die "apt cannot plan the install of: $*"; }
  # "Inst pkg [oldver] (newver ...)": an upgrade or downgrade; "Remv pkg": a removal.
  changed=$(awk '($1 == "Inst" && $3 ~ /^\[/) || $1 == "Remv" { print "  " $0 }' <<<"$plan")
  if [ -n "$changed" ]; then
    printf '%s\n' "$changed" >&2
    die "installing $* here would upgrade or remove the packages above; fedlab changes nothing else on your machine, so it stops.${BY_HAND:+ $BY_HAND}"
  fi
  awk '$1 == "Inst" { print $2 }' <<<"$plan"
}

install_packages() { # ARGS: what apt-get install gets (names or ./file.deb)
  local new
  new=$(plan_only_new_packages "$@") # a refusal exits this subshell; set -e then stops the script
  if [ -z "$new" ]; then log "nothing new to install for: $*"; return 0; fi
  log "installing $(wc -l <<<"$new") new packages (nothing upgraded or removed): $(tr '\n' ' ' <<<"$new")"
  apt_env apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install of $* failed"
}
