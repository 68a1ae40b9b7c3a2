# Shared by the .ci scripts that run the packaged jar; source it from the repository root.

# The packaged service (not the plain jar).
vigil_jar() {
  ls target/vigil-*.jar | grep -v -- '-plain' | head -n 1
}

# An H2 file database in directory $1, with the settings of the service's own default (the service
# resolves the placeholder from its application.properties).
h2_url() {
  echo "jdbc:h2:file:$1/vigil;\${vigil.h2-settings}"
}

# Waits up to two minutes for the service on port $1 to be ready; otherwise prints its log ($2) and fails.
wait_ready() {
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$1/actuator/health/readiness" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "the service on port $1 did not become ready in 120 s; its log:" >&2
  cat "$2" >&2
  return 1
}
