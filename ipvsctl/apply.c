/*
 * apply.c - `ipvsctl apply FILE [--dry-run]`: the virtual_server blocks of a
 * keepalived.conf (common/lvsconf) become the wanted table, the kernel's is
 * read once, plan.c gives the fewest requests between them, and those go
 * to the kernel in one batch.  Each change is printed as an ipvsadm line.
 * A table that a running hcheckd drives is left alone (apply_guard()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/array.h"
#include "common/conf.h"
#include "common/ctl.h"
#include "common/exitcode.h"
#include "common/kakw.h"
#include "common/log.h"
#include "common/lvsconf.h"
#include "common/lvssync.h"
#include "ipvsctl/ipvsctl.h"
#include "ipvsctl/plan.h"
#include "ipvsctl/print.h"

static int add_dest(struct ipvs_entry *e, size_t *cap, const struct ipvs_dest *d,
		    const struct conf_node *n, struct conf_err *err)
{
	for (size_t i = 0; i < e->ndests; i++)
		if (ipvs_dest_same(&e->dests[i], d, e->svc.af)) {
			char a[128];

			return conf_error(err, n, NULL, "real server %s given twice",
					  print_dest_id(a, sizeof(a), d, e->svc.af));
		}
	if (array_grow((void **)&e->dests, e->ndests, cap, sizeof(*d)) < 0)
		return -ENOMEM;
	e->dests[e->ndests++] = *d;
	return 0;
}

/* The table the config asks for.  Caller frees with ipvs_table_free(). */
int apply_want(const struct lvs_conf *lc, struct ipvs_table *t, struct conf_err *err)
{
	size_t cap = 0;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < lc->nvs && !ret; i++) {
		const struct lvs_vs *vs = &lc->vs[i];
		struct ipvs_service *svcs;
		size_t n;

		if ((ret = lvs_vs_services(vs, &svcs, &n, err)) < 0)
			break;
		for (size_t k = 0; k < n && !ret; k++) {
			struct ipvs_entry *e;
			size_t dcap = 0;

			for (size_t j = 0; j < t->n; j++)
				if (ipvs_service_same(&t->v[j].svc, &svcs[k])) {
					char s[128];

					ret = conf_error(err, vs->node, NULL, "%s is already defined",
							 print_service_id(s, sizeof(s), &svcs[k]));
				}
			if (ret || (ret = array_grow((void **)&t->v, t->n, &cap, sizeof(*t->v))) < 0)
				break;
			e = &t->v[t->n++];
			memset(e, 0, sizeof(*e));
			e->svc = svcs[k];
			for (size_t r = 0; r < vs->nrs && !ret; r++) {
				struct ipvs_dest d;

				lvs_rs_dest(vs, &vs->rs[r], &d);
				if (!d.port)	/* a group entry's port serves its real servers */
					d.port = e->svc.port;
				ret = add_dest(e, &dcap, &d, vs->rs[r].node, err);
			}
			/* keepalived puts the sorry server in when no real server
			 * is up; without health checks that is "none configured" */
			if (!ret && !vs->nrs && vs->has_sorry) {
				struct ipvs_dest d;

				lvs_sorry_dest(vs, &d);
				if (!d.port)
					d.port = e->svc.port;
				ret = add_dest(e, &dcap, &d, vs->node, err);
			}
		}
		free(svcs);
	}
	if (ret < 0)
		ipvs_table_free(t);
	return ret;
}

int apply_timeouts(const struct conf_node *top, struct ipvs_timeouts *to, struct conf_err *err)
{
	const struct conf_node *g, *n;

	memset(to, 0, sizeof(*to));
	for (g = conf_find(top, "global_defs"); g; g = conf_find(g->next, "global_defs"))
		for (n = conf_find(g->child, "lvs_timeouts"); n; n = conf_find(n->next, "lvs_timeouts")) {
			if (n->argc < 3 || n->argc % 2 == 0)
				return conf_error(err, n, n->kw, "lvs_timeouts takes pairs: "
						  "tcp N, tcpfin N, udp N");
			for (int i = 1; i + 1 < n->argc; i += 2) {
				uint32_t *v = strcmp(n->argv[i], "tcp") == 0 ? &to->tcp :
					      strcmp(n->argv[i], "tcpfin") == 0 ? &to->tcp_fin :
					      strcmp(n->argv[i], "udp") == 0 ? &to->udp : NULL;
				unsigned u;

				if (!v)
					return conf_error(err, n, n->argv[i], "unknown lvs_timeouts "
							  "protocol '%s' (tcp, tcpfin, udp)", n->argv[i]);
				if (conf_uint(n, i + 1, 1, 31 * 24 * 3600, &u, err) < 0)
					return -EINVAL;
				*v = u;
			}
		}
	return 0;
}

int apply_load(const char *file, const char *config_id, struct ipvs_table *want,
	       struct ipvs_timeouts *to, size_t *checked)
{
	struct conf_options o = { .instance = config_id };
	struct conf *cf;
	struct conf_err e;
	struct lvs_conf lc;
	struct lvssync sync;
	char msg[CONF_ERR_LEN];
	int ret;

	memset(&e, 0, sizeof(e));
	if (conf_load(file, &o, &cf, &e) < 0) {
		log_warnx("%s", conf_err_fmt(&e, msg, sizeof(msg)));
		return EXIT_CONFIG;
	}
	/* lvs_sync_daemon is checked, not acted on: the sync daemon is
	 * vrrpd's or hcheckd's (or `ipvsctl --start-daemon`) */
	ret = kakw_check(cf->root, &e);
	if (ret == 0)
		ret = apply_timeouts(cf->root, to, &e);
	if (ret == 0)
		ret = lvssync_conf(cf->root, &sync, &e);
	if (ret == 0)
		ret = lvsconf_parse(cf->root, &lc, &e);
	if (ret == 0) {
		*checked = 0;
		for (size_t i = 0; i < lc.nvs; i++)
			for (size_t k = 0; k < lc.vs[i].nrs; k++)
				*checked += lc.vs[i].rs[k].nchecks > 0;
		ret = apply_want(&lc, want, &e);
		lvsconf_free(&lc);
	}
	conf_free(cf);
	if (ret < 0) {
		log_warnx("%s", ret == -ENOMEM ? "out of memory" : conf_err_fmt(&e, msg, sizeof(msg)));
		return ret == -ENOMEM ? EXIT_KERNEL : EXIT_CONFIG;
	}
	return 0;
}

/* hcheckd's "virtual_servers N" (show stats), or -1 when nothing answers */
static long hcheckd_vs(const char *sock)
{
	char *out = NULL, *errs = NULL, *p;
	size_t olen = 0, elen = 0;
	FILE *o = open_memstream(&out, &olen), *e = open_memstream(&errs, &elen);
	long n = -1;
	int rc = 69;

	if (o && e)
		rc = ctl_client(sock, "show stats", o, e);
	if (o)
		fclose(o);
	if (e)
		fclose(e);
	if (rc == 0)
		n = (p = strstr(out, "virtual_servers ")) ? strtol(p + 16, NULL, 10) : 0;
	free(out);
	free(errs);
	return n;
}

int apply_guard(const struct cli_cmd *c, size_t checked)
{
	const char *sock = c->hcheckd_sock ? c->hcheckd_sock : "/run/hcheckd.sock";
	long n;

	if (c->force || (n = hcheckd_vs(sock)) <= 0)
		return 0;
	log_warnx("apply refused: hcheckd (%s) keeps the real servers of %ld virtual server%s "
		  "in this table by their health checks; applying %s (%zu real server%s with "
		  "checkers) could put back servers those checks took out or remove hcheckd's "
		  "services.  Give hcheckd the file and run 'hcheckd ctl reload', or use --force",
		  sock, n, n == 1 ? "" : "s", c->file, checked, checked == 1 ? "" : "s");
	return EXIT_NO;
}

/* --set for the timeouts that differ from the kernel's (0: leave alone) */
static int timeouts_op(struct ipvs *h, const struct ipvs_timeouts *to, struct ipvs_op *op)
{
	struct ipvs_timeouts cur;
	int ret;

	memset(op, 0, sizeof(*op));
	op->cmd = IPVS_CMD_SET_CONFIG;
	if (!to->tcp && !to->tcp_fin && !to->udp)
		return 0;
	if ((ret = ipvs_get_timeouts(h, &cur)) < 0)
		return ret;
	if (to->tcp && to->tcp != cur.tcp)
		op->timeouts.tcp = to->tcp;
	if (to->tcp_fin && to->tcp_fin != cur.tcp_fin)
		op->timeouts.tcp_fin = to->tcp_fin;
	if (to->udp && to->udp != cur.udp)
		op->timeouts.udp = to->udp;
	return op->timeouts.tcp || op->timeouts.tcp_fin || op->timeouts.udp;
}

int run_apply(struct ipvs *h, const struct cli_cmd *c, struct ipvs_table *want,
	      const struct ipvs_timeouts *to)
{
	struct ipvs_op set;
	struct ipvs_table have;
	struct ipvs_op *ops;
	size_t n;
	char line[1100];
	int ret, code = 0, *errs;

	if ((ret = ipvs_table_read(h, NULL, &have)) < 0) {
		ipvs_table_free(want);
		log_warnx("unable to read the IPVS table: %s", ipvs_strerror(ret, 0));
		return exitcode_for_errno(ret);
	}
	ret = plan_make(want, &have, c->keep_others, &ops, &n);
	ipvs_table_free(want);
	ipvs_table_free(&have);
	if (ret < 0)
		fatalx(EXIT_KERNEL, "out of memory");
	if ((ret = timeouts_op(h, to, &set)) < 0) {
		free(ops);
		log_warnx("unable to read the IPVS timeouts: %s", ipvs_strerror(ret, 0));
		return exitcode_for_errno(ret);
	}
	if (ret > 0) {	/* the timeouts first, as a restore would */
		struct ipvs_op *nops = realloc(ops, (n + 1) * sizeof(*ops));

		if (!nops)
			fatalx(EXIT_KERNEL, "out of memory");
		ops = nops;
		memmove(ops + 1, ops, n * sizeof(*ops));
		ops[0] = set;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		plan_line(line, sizeof(line), &ops[i]);
		printf("%s\n", line);
	}
	if (c->dry_run || n == 0) {
		free(ops);
		return 0;
	}
	fflush(stdout);
	if (!(errs = calloc(n, sizeof(*errs))))
		fatalx(EXIT_KERNEL, "out of memory");
	ret = ipvs_exec_batch(h, ops, n, errs);
	if (ret < 0) {
		log_warnx("apply: netlink: %s", strerror(-ret));
		code = exitcode_for_errno(ret);
	}
	for (size_t i = 0; ret > 0 && i < n; i++) {
		if (!errs[i])
			continue;
		plan_line(line, sizeof(line), &ops[i]);
		log_warnx("apply: %s: %s", line, ipvs_strerror(errs[i], ops[i].cmd));
		code = exitcode_for_errno(errs[i]);
	}
	free(errs);
	free(ops);
	return code;
}
