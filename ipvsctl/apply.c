/*
 * apply.c - `ipvsctl apply FILE [--dry-run]`: the virtual_server blocks of a
 * keepalived.conf (common/lvsconf) become the wanted table, the kernel's is
 * read once, plan.c gives the fewest requests between them, and those go
 * to the kernel in one batch.  Each change is printed as an ipvsadm line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/lvsconf.h"
#include "ipvsctl/ipvsctl.h"
#include "ipvsctl/plan.h"
#include "ipvsctl/print.h"

static int grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 16;
	nv = realloc(*v, *cap * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	return 0;
}

static int add_dest(struct ipvs_entry *e, size_t *cap, const struct ipvs_dest *d,
		    const struct conf_node *n, struct conf_err *err)
{
	for (size_t i = 0; i < e->ndests; i++)
		if (ipvs_dest_same(&e->dests[i], d, e->svc.af)) {
			char a[128];

			return conf_error(err, n, NULL, "real server %s given twice",
					  print_dest_id(a, sizeof(a), d, e->svc.af));
		}
	if (grow((void **)&e->dests, e->ndests, cap, sizeof(*d)) < 0)
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
			if (ret || (ret = grow((void **)&t->v, t->n, &cap, sizeof(*t->v))) < 0)
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

int apply_load(const char *file, struct ipvs_table *want)
{
	struct conf *cf;
	struct conf_err e;
	struct lvs_conf lc;
	char msg[CONF_ERR_LEN];
	int ret;

	memset(&e, 0, sizeof(e));
	if (conf_load(file, NULL, &cf, &e) < 0) {
		log_warnx("%s", conf_err_fmt(&e, msg, sizeof(msg)));
		return EXIT_CONFIG;
	}
	ret = lvsconf_parse(cf->root, &lc, &e);
	if (ret == 0) {
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

int run_apply(struct ipvs *h, const struct cli_cmd *c, struct ipvs_table *want)
{
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
	ret = plan_make(want, &have, &ops, &n);
	ipvs_table_free(want);
	ipvs_table_free(&have);
	if (ret < 0)
		fatalx(EXIT_KERNEL, "out of memory");
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
