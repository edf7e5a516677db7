/*
 * ipvsctl.h - the commands of ipvsctl on one IPVS socket.
 *
 * main() parses the command line (cli.c), opens the socket, drops to
 * CAP_NET_ADMIN and calls run_cmd(); every function here returns the exit
 * code (DESIGN.md: 0, 64 usage, 71 kernel refused, 77 privilege, 78 config)
 * and prints its own messages on stderr.
 */
#ifndef IPVSCTL_IPVSCTL_H
#define IPVSCTL_IPVSCTL_H

#include <stdio.h>

#include "common/ipvs.h"
#include "ipvsctl/cli.h"

/* Turn a parsed command into its one request (for -A/-E/-D/-C/-a/-e/-d/-Z,
 * --set, --start/--stop-daemon).  Pure.  0, or -EINVAL for a command that
 * is not a single request (-L, -S, -R, apply). */
int run_op(const struct cli_cmd *c, struct ipvs_op *op);

/* "unable to add service TCP 192.0.2.1:80" into buf, for error messages */
void run_describe(char *buf, size_t len, const struct ipvs_op *op);

int run_cmd(struct ipvs *h, const struct cli_cmd *c);

/* -R: every line of in; a line that does not parse is reported with its
 * number and nothing is changed; otherwise all lines go to the kernel in
 * batches and each refused line is reported with its number. */
int run_restore(struct ipvs *h, FILE *in, const char *name);

/* Restore parsing without a kernel (unit tests, fuzzing): ops for the lines
 * of text (len bytes), *nops of them, lines[i] the line of ops[i]; errors
 * go to err_out (may be NULL).  Returns the number of bad lines, or -ENOMEM.
 * Caller frees *ops and *lines. */
int restore_parse(const char *text, size_t len, const char *name, struct ipvs_op **ops,
		  unsigned int **lines, size_t *nops, FILE *err_out);

/* apply FILE [--dry-run]: apply_load() reads the file (its @ID lines for
 * config_id, NULL: the host name) into the wanted table
 * before the kernel is touched (exit code 0 or 78; *checked gets the number
 * of real servers with health checkers), run_apply() makes the kernel's
 * match it and frees want. */
int apply_load(const char *file, const char *config_id, struct ipvs_table *want,
	       struct ipvs_timeouts *to, size_t *checked);
/* The table's owner (docs/DESIGN.md): when an hcheckd answers on its
 * socket and keeps virtual servers in IPVS by their checks, apply would put
 * back real servers those checks took out, or delete hcheckd's services;
 * it refuses (1) unless --force.  0 to go on. */
int apply_guard(const struct cli_cmd *c, size_t checked);
int run_apply(struct ipvs *h, const struct cli_cmd *c, struct ipvs_table *want,
	      const struct ipvs_timeouts *to);

struct lvs_conf;
struct conf_err;
struct conf_node;
/* global_defs' lvs_timeouts (tcp N tcpfin N udp N) into to (0: not given).
 * 0 or -EINVAL with err set. */
int apply_timeouts(const struct conf_node *top, struct ipvs_timeouts *to, struct conf_err *err);
/* The table the virtual_server blocks ask for (services with their real
 * servers; a sorry_server only where no real server is configured).
 * 0, -EINVAL with err set (a service or real server given twice), -ENOMEM.
 * Caller frees with ipvs_table_free(). */
int apply_want(const struct lvs_conf *lc, struct ipvs_table *t, struct conf_err *err);

#endif
