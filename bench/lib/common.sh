# Shared by the bench/*.sh scripts (sourced, not run): process control for the server under test, a free
# loopback port, and reading http_load's JSON summary. The scripts own the variables these functions use:
# repo, wrapper_pid (the timeout(1) process bounding the server's life) and server_pid.

absolute() { [[ $1 == /* ]] && printf '%s\n' "$1" || printf '%s\n' "$repo/$1"; }

still_running() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }

# Sends SIGTERM to the server and waits up to 15 s; SIGKILL after that. Prints the exit status.
stop_server() {
  still_running "$wrapper_pid" || return 0
  if still_running "$server_pid"; then kill -TERM "$server_pid" 2>/dev/null || true; fi
  local waited=0
  while still_running "$wrapper_pid" && ((waited < 150)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if still_running "$wrapper_pid"; then
    echo "server did not stop within 15 s of SIGTERM: killing it" >&2
    if still_running "$server_pid"; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    kill -KILL "$wrapper_pid" 2>/dev/null || true
  fi
  local status=0
  wait "$wrapper_pid" 2>/dev/null || status=$?
  wrapper_pid=""
  server_pid=""
  echo "server stopped (exit status $status)"
  return "$status"
}

# A port on 127.0.0.1 that nothing listens on.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A field of http_load's one-line JSON summary in file $1: a number, or an object.
json_field() { grep -o "\"$2\":[^,}]*" "$1" | head -n 1 | cut -d: -f2; }
json_object() { grep -o "\"$2\":{[^}]*}" "$1" | head -n 1 | cut -d: -f2-; }
