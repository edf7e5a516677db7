/*
 * lint_main.c - `vrrpd lint [-j] [--local] [-i ID] FILE [[-i ID] FILE]...`:
 * load every node's file (the @ID lines of the -i before it, else the host
 * name's), find where each compared keyword stands, run lint_check() and
 * print one line per finding (or one JSON object with -j).
 * Exit: 0 consistent, 1 findings, 64 usage, 78 a file does not load.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "common/conf.h"
#include "common/exitcode.h"
#include "common/json.h"
#include "common/link.h"
#include "common/log.h"
#include "common/nl.h"
#include "vrrpd/daemon.h"
#include "vrrpd/kaconf.h"
#include "vrrpd/lint.h"

#define LINT_MAX_FILES 64

struct node {
	char name[600];			/* "FILE" or "FILE (-i ID)" */
	struct conf *tree;
	struct vrrpd_conf conf;
};

static const char usage[] =
	"usage: vrrpd lint [-j] [--local] [-i ID] FILE [[-i ID] FILE]...\n"
	"  every node's keepalived.conf, checked against each other (vrrpd(8), LINT)\n"
	"  -j        one JSON object per finding\n"
	"  --local   also check this host's interfaces (VIP subnets)\n"
	"  -i ID     the config id for @ID lines of the files after it\n";

/* where keyword kw stands in block n (or global_defs' gkw), else n itself */
static struct lint_at where(const struct conf_node *inst, const char *kw,
			    const struct conf_node *gdefs, const char *gkw)
{
	const struct conf_node *k = conf_find(inst->child, kw);

	if (!k && gdefs && gkw)
		k = conf_find(gdefs->child, gkw);
	if (!k)
		k = inst;
	return (struct lint_at){ k->file, k->line };
}

static const struct conf_node *find_block(const struct conf_node *n, const char *kw,
					  const char *name)
{
	for (n = conf_find(n, kw); n; n = conf_find(n->next, kw))
		if (!name || (n->argc > 1 && strcmp(n->argv[1], name) == 0))
			return n;
	return NULL;
}

static int local_addrs_cb(const struct addr_info *ai, void *arg)
{
	struct { struct ipaddr a[64]; size_t n; } *l = arg;

	if (l->n < 64)
		l->a[l->n++] = ai->addr;
	return 0;
}

static void print_text(const struct lint_finding *f)
{
	printf("%s:%d: %s: %s", f->at[0].file, f->at[0].line,
	       f->sev == LINT_ERROR ? "error" : "warning", f->msg);
	if (f->at[1].file)
		printf(" (%s:%d)", f->at[1].file, f->at[1].line);
	printf(" [%s]\n", f->check);
}

static void print_json(const struct lint_finding *f)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_kv_str(&j, "severity", f->sev == LINT_ERROR ? "error" : "warning");
	json_kv_str(&j, "check", f->check);
	json_kv_uint(&j, "vrid", f->vrid);
	json_kv_str(&j, "family", f->family == AF_INET6 ? "inet6" : "inet");
	json_kv_str(&j, "message", f->msg);
	json_key(&j, "at");
	json_arr_begin(&j);
	for (int i = 0; i < 2 && f->at[i].file; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "file", f->at[i].file);
		json_kv_int(&j, "line", f->at[i].line);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	printf("\n");
}

/* Every instance of every node, with where its compared keywords stand. */
static struct lint_inst *build_insts(struct node *nodes, size_t nn, size_t *count)
{
	struct lint_inst *insts;
	size_t ni = 0;

	for (size_t k = 0; k < nn; k++)
		ni += nodes[k].conf.ninst;
	insts = calloc(ni ? ni : 1, sizeof(*insts));
	if (!insts)
		fatalx(EXIT_KERNEL, "out of memory");
	ni = 0;
	for (size_t k = 0; k < nn; k++) {
		const struct conf_node *root = nodes[k].tree->root;
		const struct conf_node *g = find_block(root, "global_defs", NULL);

		for (unsigned i = 0; i < nodes[k].conf.ninst; i++) {
			const struct vrrp_instance_conf *c = &nodes[k].conf.inst[i];
			const struct conf_node *b = find_block(root, "vrrp_instance", c->name);
			struct lint_inst *li = &insts[ni++];

			li->node = nodes[k].name;
			li->c = c;
			if (!b)		/* every instance comes from a block */
				b = root;
			li->at = (struct lint_at){ b->file, b->line };
			li->at_vips = where(b, "virtual_ipaddress", NULL, NULL);
			li->at_version = where(b, "version", g, "vrrp_version");
			li->at_advert = where(b, "advert_int", NULL, NULL);
			li->at_auth = where(b, "authentication", NULL, NULL);
			li->at_peers = where(b, "unicast_peer", NULL, NULL);
			li->at_priority = where(b, "priority", NULL, NULL);
			li->at_state = where(b, "state", NULL, NULL);
			li->at_nopreempt = where(b, "nopreempt", NULL, NULL);
		}
	}
	*count = ni;
	return insts;
}

/* --local: the subnet check of each instance against this host's interface */
static void check_local(const struct lint_inst *insts, size_t ni, struct lint_report *rep)
{
	struct nl nl;

	if (nl_open(&nl, NETLINK_ROUTE) < 0)
		fatalx(EXIT_KERNEL, "lint --local: unable to open rtnetlink");
	for (size_t i = 0; i < ni; i++) {
		struct { struct ipaddr a[64]; size_t n; } l = { .n = 0 };
		struct link_info lk;

		if (link_get(&nl, insts[i].c->ifname, &lk) < 0) {
			fprintf(stderr, "vrrpd: lint --local: %s: no interface %s here\n",
				insts[i].node, insts[i].c->ifname);
			continue;
		}
		addr_dump(&nl, insts[i].c->family, lk.ifindex, local_addrs_cb, &l);
		if (lint_subnet(&insts[i], l.a, l.n, rep) < 0)
			fatalx(EXIT_KERNEL, "out of memory");
	}
	nl_close(&nl);
}

int lint_main(int argc, char **argv)
{
	static struct node nodes[LINT_MAX_FILES];
	struct lint_inst *insts = NULL;
	struct lint_report rep = { 0 };
	const char *id = NULL;
	size_t nn = 0, ni = 0;
	bool json = false, local = false;
	int ret = 0, errors = 0;
	char err[1024];

	for (int i = 0; i < argc; i++) {
		struct conf_options o = { 0 };
		struct conf_err e;

		if (!strcmp(argv[i], "-j")) { json = true; continue; }
		if (!strcmp(argv[i], "--local")) { local = true; continue; }
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("%s", usage);
			return 0;
		}
		if (!strcmp(argv[i], "-i")) {
			if (++i == argc || conf_id_check(argv[i]) < 0) {
				fprintf(stderr, "vrrpd: lint: -i needs an id (1 to %d characters, "
					"no blank)\n%s", CONF_ID_MAX, usage);
				return EXIT_USAGE;
			}
			id = argv[i];
			continue;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr, "vrrpd: lint: unknown option '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		}
		if (nn == LINT_MAX_FILES) {
			fprintf(stderr, "vrrpd: lint: at most %d files\n", LINT_MAX_FILES);
			return EXIT_USAGE;
		}
		struct node *nd = &nodes[nn++];

		snprintf(nd->name, sizeof(nd->name), id ? "%s (-i %s)" : "%s", argv[i], id);
		o.instance = id;
		vrrpd_conf_init(&nd->conf);
		if (conf_load(argv[i], &o, &nd->tree, &e) < 0) {
			fprintf(stderr, "vrrpd: %s\n", conf_err_fmt(&e, err, sizeof(err)));
			ret = EXIT_CONFIG;
			continue;
		}
		if (kaconf_parse(nd->tree, argv[i], &nd->conf, false, err, sizeof(err)) < 0 ||
		    vrrpd_conf_check(&nd->conf, err, sizeof(err)) < 0) {
			fprintf(stderr, "vrrpd: %s\n", err);
			ret = EXIT_CONFIG;
		}
	}
	if (nn == 0) {
		fprintf(stderr, "vrrpd: lint: no file given\n%s", usage);
		return EXIT_USAGE;
	}
	if (ret)
		goto out;

	insts = build_insts(nodes, nn, &ni);
	if (lint_check(insts, ni, &rep) < 0)
		fatalx(EXIT_KERNEL, "out of memory");
	if (local)
		check_local(insts, ni, &rep);
	for (size_t i = 0; i < rep.nf; i++) {
		(json ? print_json : print_text)(&rep.f[i]);
		errors += rep.f[i].sev == LINT_ERROR;
	}
	if (!json)
		printf("%zu file%s, %zu instance%s: %d error%s, %zu warning%s\n", nn,
		       nn == 1 ? "" : "s", ni, ni == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
		       rep.nf - (size_t)errors, rep.nf - (size_t)errors == 1 ? "" : "s");
	ret = rep.nf ? EXIT_NO : 0;
out:
	lint_report_free(&rep);
	free(insts);
	for (size_t k = 0; k < nn; k++) {
		vrrpd_conf_free(&nodes[k].conf);
		conf_free(nodes[k].tree);
	}
	fflush(stdout);
	return ret;
}
