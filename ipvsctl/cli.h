/*
 * cli.h - ipvsctl's command line, parsed into a struct (pure, no I/O).
 *
 * The grammar is ipvsadm's, so that scripts and muscle memory carry over:
 * one command letter (-A -E -D -C -R -S -a -e -d -L/-l -Z, --set,
 * --start-daemon, --stop-daemon), a service (-t/-u/--sctp-service ADDR[:PORT]
 * or -f MARK [-6]), a real server (-r ADDR[:PORT]) and options.  Short
 * options cluster (-Ln, -Sn, -srr), long ones take "--opt VAL" or
 * "--opt=VAL", and -p takes its timeout only when the next word is a number.
 * Beyond ipvsadm: -j (JSON listings), -V, `apply FILE [--dry-run | -t]`.
 *
 * The same parser reads every line of `-R` (restore), so a line of
 * `ipvsadm -S` output is exactly one ipvsctl command.  Defaults are
 * ipvsadm's: -A/-E send every setting (scheduler wlc, no persistence unless
 * -p, -p alone means 360 s), -a/-e likewise (-g, weight 1, no thresholds);
 * a real server's port is the service's unless masquerading with a port.
 */
#ifndef IPVSCTL_CLI_H
#define IPVSCTL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/ipvs.h"

enum cli_kind {
	CLI_NONE,
	CLI_ADD_SVC,		/* -A */
	CLI_EDIT_SVC,		/* -E */
	CLI_DEL_SVC,		/* -D */
	CLI_FLUSH,		/* -C */
	CLI_RESTORE,		/* -R */
	CLI_SAVE,		/* -S */
	CLI_ADD_DEST,		/* -a */
	CLI_EDIT_DEST,		/* -e */
	CLI_DEL_DEST,		/* -d */
	CLI_LIST,		/* -L, -l */
	CLI_ZERO,		/* -Z */
	CLI_SET,		/* --set */
	CLI_START_DAEMON,	/* --start-daemon */
	CLI_STOP_DAEMON,	/* --stop-daemon */
	CLI_HELP,		/* -h */
	CLI_VERSION,		/* -V */
	CLI_APPLY,		/* apply FILE */
};

/* listing format bits (-L) */
enum {
	FMT_NUMERIC = 1 << 0,
	FMT_STATS = 1 << 1,
	FMT_RATE = 1 << 2,
	FMT_EXACT = 1 << 3,
	FMT_THRESHOLDS = 1 << 4,
	FMT_PERSISTENT = 1 << 5,
	FMT_TUN_INFO = 1 << 6,
	FMT_NOSORT = 1 << 7,
	FMT_CONN = 1 << 8,	/* -c */
	FMT_TIMEOUT = 1 << 9,	/* --timeout */
	FMT_DAEMON = 1 << 10,	/* --daemon */
	FMT_METRICS = 1 << 11,	/* --metrics: the Prometheus text format */
};

struct cli_cmd {
	enum cli_kind kind;
	bool has_svc;			/* -t/-u/--sctp-service/-f given */
	bool has_dest;			/* -r given */
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_timeouts timeouts;	/* --set */
	struct ipvs_daemon daemon;	/* --start/--stop-daemon */
	unsigned int fmt;		/* FMT_* */
	bool json;			/* -j */
	const char *file;		/* apply FILE */
	bool dry_run;			/* apply --dry-run */
	bool keep_others;		/* apply --keep-others */
	bool check_only;		/* apply -t: read the file, touch nothing */
	bool force;			/* apply --force: even beside hcheckd */
	const char *hcheckd_sock;	/* apply --hcheckd-sock; NULL: the default */
	const char *config_id;		/* apply --config-id: @ID lines; NULL: host name */
};

/* Parse argv[1..argc-1] (argv[0] is the program name and ignored).
 * in_restore: a line of -R input, where -R, -S, -L, apply are refused.
 * 0, or -EINVAL with a sentence in err (no "ipvsctl: " prefix). */
int cli_parse(int argc, char **argv, bool in_restore, struct cli_cmd *cmd, char *err,
	      size_t errlen);

/* Split a restore line into words in place (blanks separate, no quoting, as
 * ipvsadm -R); argv gets argv[0] = "ipvsctl" then the words.  Returns argc,
 * 1 for a blank or comment ('#') line, -E2BIG past max words. */
int cli_split(char *line, char **argv, int max);

/* "-A" ... : the command's ipvsadm letter, for messages */
const char *cli_kind_name(enum cli_kind k);

/* Parse "ADDR[:PORT]", "[V6]:PORT" or a bare IPv6 address (names are
 * resolved with getaddrinfo/getservbyname when not numeric).  af_out,
 * addr (16 bytes) and port (host order, 0 when absent; *has_port says).
 * 0 or -EINVAL. */
int cli_addrport(const char *s, int proto, int *af_out, uint8_t addr[16], uint16_t *port,
		 bool *has_port);

extern const char cli_usage[];

#endif
