# charon.sh - run private instances of strongSwan's charon (IKEv1 through swanctl `version = 1`).
# Sourced by the interop jobs (scripts/vm/guest/interop-*.sh) and by scripts/interop/*.sh.
#
# Every instance lives in its own directory DIR (config, log, vici socket, pid) and reads nothing
# under /etc:
#   * STRONGSWAN_CONF=DIR/strongswan.conf (libstrongswan honours it; the file loads an explicit
#     plugin list and includes nothing from /etc/strongswan.d);
#   * its vici socket is DIR/charon.vici; swanctl reaches it with --uri and reads DIR/swanctl.conf;
#   * charon hard-codes /var/run/charon.pid, and an existing pid file stops a second charon, so it
#     runs under `unshare --mount --propagation private` with DIR/run bind-mounted on /run.
#
# Functions:
#   ch_plugins                         the plugin list for this machine (openssl or gcrypt for 3DES)
#   ch_write_strongswan_conf DIR [AGGRESSIVE yes|no] [LOGLEVEL]
#   ch_start DIR NS                    start charon in network namespace NS (through nsenter)
#   ch_ctl DIR SWANCTL-ARGS...         swanctl against this instance
#   ch_load DIR                        swanctl --load-all from DIR/swanctl/swanctl.conf
#   ch_stop DIR                        SIGTERM (charon then sends its DELETEs), wait, SIGKILL after 10 s
#   ch_conn ...                        one IKEv1 PSK connection block (see its comment)
#   ch_secrets PSK                     the secrets block
# Under TCG every exec costs a large fraction of a second: the functions here avoid spawning
# processes in loops (io_nap is a builtin sleep).
CH_CHARON=${CH_CHARON:-/usr/lib/ipsec/charon}

# io_nap SECONDS: sleep without a process (read with a timeout on a private FIFO nobody writes)
io_nap() {
	if [ -z "${IO_NAP_FD:-}" ]; then
		local fifo
		fifo=$(mktemp -u /tmp/io-nap.XXXXXX)
		mkfifo "$fifo" && exec {IO_NAP_FD}<>"$fifo" && rm -f "$fifo"
	fi
	read -r -t "$1" -u "$IO_NAP_FD" _ || :
}
CH_SWANCTL=${CH_SWANCTL:-/usr/sbin/swanctl}
CH_PLUGIN_DIR=${CH_PLUGIN_DIR:-/usr/lib/ipsec/plugins}

# ch_plugins: Debian's charon has no `des` plugin: 3DES comes from openssl
# (libstrongswan-standard-plugins) or gcrypt (libstrongswan-extra-plugins). Prefer openssl.
ch_plugins() {
	local crypto
	if [ -e "$CH_PLUGIN_DIR/libstrongswan-openssl.so" ]; then
		crypto=openssl
	elif [ -e "$CH_PLUGIN_DIR/libstrongswan-gcrypt.so" ]; then
		crypto=gcrypt
	else
		echo "ch_plugins: neither the openssl nor the gcrypt plugin of strongSwan is installed (no 3DES)" >&2
		return 1
	fi
	echo "random nonce $crypto aes sha1 sha2 md5 hmac gmp kernel-netlink socket-default vici"
}

ch_write_strongswan_conf() {
	local dir=$1 aggressive=${2:-no} level=${3:-${CH_LOGLEVEL:-2}} plugins enc=1
	# the encoder logs every field from level 2 on; keep it quiet unless keys are wanted (level 4)
	[ "$level" -ge 4 ] && enc=$level
	plugins=$(ch_plugins) || return 1
	mkdir -p "$dir/run"
	cat >"$dir/strongswan.conf" <<CONF
# written by scripts/interop/lib/charon.sh
charon {
  load_modular = no
  load = $plugins
  install_routes = no
  install_virtual_ip = no
  # Aggressive Mode with PSK is refused unless this is set (and the connection says aggressive = yes)
  i_dont_care_about_security_and_use_aggressive_mode_psk = $aggressive
  # ike-scan and failure cases leave half-open IKE_SAs behind; the stock limit (5) would hide later probes
  block_threshold = 100
  # retransmission: charon's defaults (timeout 4 s, base 1.8, 5 tries) are kept on purpose
  plugins {
    vici {
      socket = unix://$dir/charon.vici
    }
  }
  filelog {
    interop {
      path = $dir/charon.log
      time_format = %H:%M:%S
      time_add_ms = yes
      ike_name = yes
      append = no
      flush_line = yes
      default = 1
      # level 4 logs the keys (IKE: "encryption key Ka", used to decrypt captures); test use only
      ike = $level
      cfg = $level
      knl = $level
      net = $level
      enc = $enc
      chd = $level
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
swanctl {
  load = random
}
CONF
}

# ch_start DIR NS: charon in namespace NS (nsenter --net, so /sys and selinuxfs stay as they are);
# its own /run; waits for the vici socket. The pid is charon's own (exec chain), kept in DIR/pid.
ch_start() {
	local dir=$1 ns=$2 i
	rm -f "$dir/charon.vici"
	# nsenter, unshare and sh exec one another, so $! is charon's pid
	nsenter --net="/run/netns/$ns" -- unshare --mount --propagation private \
		sh -c 'mount --bind "$1/run" /run && export STRONGSWAN_CONF="$1/strongswan.conf" && exec "$2"' \
		sh "$dir" "$CH_CHARON" >"$dir/charon.stdout" 2>&1 </dev/null &
	echo $! >"$dir/pid"
	for i in {1..300}; do
		[ -S "$dir/charon.vici" ] && return 0
		kill -0 $! 2>/dev/null || break
		io_nap 0.1
	done
	echo "ch_start: charon in $ns did not open $dir/charon.vici" >&2
	cat "$dir/charon.stdout" >&2
	ch_stop "$dir"
	return 1
}

ch_ctl() {
	local dir=$1
	shift
	STRONGSWAN_CONF="$dir/strongswan.conf" "$CH_SWANCTL" "$@" --uri "unix://$dir/charon.vici"
}

ch_load() {
	local dir=$1
	# swanctl wants its credential directories next to the file it loads
	mkdir -p "$dir"/swanctl/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}
	ch_ctl "$dir" --load-all --noprompt --file "$dir/swanctl/swanctl.conf" >"$dir/load.out" 2>&1 ||
		{
			cat "$dir/load.out" >&2
			return 1
		}
}

# ch_stop DIR: stop the charon whose pid is in DIR/pid (only if that pid still runs charon)
ch_stop() {
	local dir=$1 pid i
	pid=$(cat "$dir/pid" 2>/dev/null) || return 0
	[ -n "$pid" ] || return 0
	local cmd=""
	[ -r "/proc/$pid/cmdline" ] && read -r -d '' cmd <"/proc/$pid/cmdline"
	if [[ $cmd == *charon* ]]; then
		kill -TERM "$pid" 2>/dev/null
		for i in {1..100}; do
			kill -0 "$pid" 2>/dev/null || break
			io_nap 0.1
		done
		kill -0 "$pid" 2>/dev/null && {
			echo "ch_stop: charon $pid ignored SIGTERM for 10 s; SIGKILL" >&2
			kill -KILL "$pid"
		}
	fi
	rm -f "$dir/pid"
	return 0
}

# ch_conn NAME LOCAL_ADDR REMOTE_ADDR IKE_PROPOSALS AGGRESSIVE ESP_PROPOSALS MODE LOCAL_TS REMOTE_TS
#         START_ACTION CHILD_REKEY CHILD_LIFE [EXTRA_CHILD_LINES]
# LOCAL_TS/REMOTE_TS: "dynamic" = the IKE addresses. IDs are the IKE addresses (ID_IPV4_ADDR), as
# racoon requires in Main Mode with PSK. CH_DPD_DELAY (default 0: off) is the connection's dpd_delay;
# CH_CONN_LINES, if set, is added to the connection (e.g. dpd_timeout, the IKE SA's rekey_time).
ch_conn() {
	local name=$1 laddr=$2 raddr=$3 ike=$4 aggr=$5 esp=$6 mode=$7 lts=$8 rts=$9
	local start=${10} rekey=${11} life=${12} extra=${13:-}
	cat <<CONN
  $name {
    version = 1
    local_addrs = $laddr
    remote_addrs = $raddr
    proposals = $ike
    aggressive = $aggr
    dpd_delay = ${CH_DPD_DELAY:-0}
${CH_CONN_LINES:-}
    local {
      auth = psk
      id = $laddr
    }
    remote {
      auth = psk
      id = $raddr
    }
    children {
      $name {
        esp_proposals = $esp
        mode = $mode
        local_ts = $lts
        remote_ts = $rts
        rekey_time = $rekey
        life_time = $life
        start_action = $start
        close_action = none
        dpd_action = clear
$extra
      }
    }
  }
CONN
}

ch_secrets() {
	cat <<SECRETS
secrets {
  ike-interop {
    secret = "$1"
  }
}
SECRETS
}
