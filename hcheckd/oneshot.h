/*
 * oneshot.h - `hcheckd check URL [options]` and `hcheckd genhash URL`.
 * Exit codes are the monitoring-plugin ones (0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN, bad arguments included), possibly remapped by --exit-map.
 */
#ifndef HCHECKD_ONESHOT_H
#define HCHECKD_ONESHOT_H

int oneshot_check(int argc, char **argv);
int oneshot_genhash(int argc, char **argv);
void oneshot_usage(FILE *f);

#endif
