/*
 * cli_int.h - what cli.c (scanning argv) and cli_value.c (turning option
 * values into IPVS structs) share; not for other files.
 */
#ifndef IPVSCTL_CLI_INT_H
#define IPVSCTL_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipvsctl/cli.h"

enum opt_id {
	/* commands */
	O_ADD_SVC, O_EDIT_SVC, O_DEL_SVC, O_FLUSH, O_RESTORE, O_SAVE, O_ADD_DEST,
	O_EDIT_DEST, O_DEL_DEST, O_LIST, O_ZERO, O_SET, O_START_DAEMON, O_STOP_DAEMON,
	O_HELP, O_VERSION,
	/* options */
	O_TCP, O_UDP, O_SCTP, O_FWMARK, O_IPV6, O_SCHED, O_PE, O_PERSIST, O_NETMASK,
	O_REAL, O_GATE, O_IPIP, O_MASQ, O_TUN_TYPE, O_TUN_PORT, O_TUN_NOCSUM, O_TUN_CSUM,
	O_TUN_REMCSUM, O_WEIGHT, O_UTHRESH, O_LTHRESH, O_CONN, O_TIMEOUT, O_DAEMON,
	O_STATS, O_RATE, O_EXACT, O_THRESHOLDS, O_PERSISTENT_CONN, O_TUN_INFO, O_NOSORT,
	O_SORT, O_OPS, O_NUMERIC, O_SCHED_FLAGS, O_SYNCID, O_SYNC_MAXLEN, O_MCAST_IF,
	O_MCAST_GROUP, O_MCAST_PORT, O_MCAST_TTL, O_JSON, O_METRICS,
	O_COUNT
};

#define B(x) (1ull << (x))

/* every option seen, its value (NULL: none), the three --set words */
struct raw {
	uint64_t seen;
	const char *val[O_COUNT];
	const char *set[3];
	int n_svc;
};

/* err gets the sentence; returns -EINVAL */
int cli_fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool cli_all_digits(const char *s);
/* decimal digits only, at most max: 0 or -EINVAL */
int cli_num(const char *s, unsigned long long max, unsigned long long *out);

/* each fills its part of c from r: 0, or -EINVAL with err set */
int cli_service(struct raw *r, struct cli_cmd *c, char *err, size_t len);
int cli_service_settings(struct raw *r, struct cli_cmd *c, char *err, size_t len);
/* settings: -a/-e (forwarding, weight, thresholds, tunnel); else -d */
int cli_dest(struct raw *r, struct cli_cmd *c, bool settings, char *err, size_t len);
int cli_daemon_state(const char *s, uint32_t *state, char *err, size_t len);
int cli_daemon_settings(struct raw *r, struct cli_cmd *c, char *err, size_t len);

#endif
