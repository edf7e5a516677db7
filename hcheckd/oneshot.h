/*
 * oneshot.h - `hcheckd check URL [options]` and `hcheckd genhash URL`.
 * Exit codes are the monitoring-plugin ones (0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN, bad arguments included), possibly remapped by --exit-map.
 */
#ifndef HCHECKD_ONESHOT_H
#define HCHECKD_ONESHOT_H

#include <stdio.h>

int oneshot_check(int argc, char **argv);
int oneshot_genhash(int argc, char **argv);
void oneshot_usage(FILE *f);
/* The one-shot command line (argv[0] ignored: "check URL [options]") into
 * s, for the daemon's --check; -1 after a message on stderr. */
struct probe_spec;
int oneshot_parse_spec(int argc, char **argv, struct probe_spec *s, int *retries,
		       int *retry_delay_ms);

#endif
