/* run.c - running one command or a restore file against the kernel. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "ipvsctl/conn.h"
#include "ipvsctl/ipvsctl.h"
#include "ipvsctl/print.h"

int run_op(const struct cli_cmd *c, struct ipvs_op *op)
{
	static const uint8_t cmd_of[] = {
		[CLI_ADD_SVC] = IPVS_CMD_NEW_SERVICE, [CLI_EDIT_SVC] = IPVS_CMD_SET_SERVICE,
		[CLI_DEL_SVC] = IPVS_CMD_DEL_SERVICE, [CLI_FLUSH] = IPVS_CMD_FLUSH,
		[CLI_ADD_DEST] = IPVS_CMD_NEW_DEST, [CLI_EDIT_DEST] = IPVS_CMD_SET_DEST,
		[CLI_DEL_DEST] = IPVS_CMD_DEL_DEST, [CLI_ZERO] = IPVS_CMD_ZERO,
		[CLI_SET] = IPVS_CMD_SET_CONFIG, [CLI_START_DAEMON] = IPVS_CMD_NEW_DAEMON,
		[CLI_STOP_DAEMON] = IPVS_CMD_DEL_DAEMON,
	};

	memset(op, 0, sizeof(*op));
	if ((size_t)c->kind >= sizeof(cmd_of) || !cmd_of[c->kind])
		return -EINVAL;
	op->cmd = cmd_of[c->kind];
	op->has_svc = c->has_svc;
	op->svc = c->svc;
	op->dest = c->dest;
	op->timeouts = c->timeouts;
	op->daemon = c->daemon;
	return 0;
}

void run_describe(char *buf, size_t len, const struct ipvs_op *op)
{
	char s[128], d[128];

	print_service_id(s, sizeof(s), &op->svc);
	print_dest_id(d, sizeof(d), &op->dest, op->svc.af);
	switch (op->cmd) {
	case IPVS_CMD_NEW_SERVICE: snprintf(buf, len, "unable to add service %s", s); break;
	case IPVS_CMD_SET_SERVICE: snprintf(buf, len, "unable to edit service %s", s); break;
	case IPVS_CMD_DEL_SERVICE: snprintf(buf, len, "unable to delete service %s", s); break;
	case IPVS_CMD_FLUSH: snprintf(buf, len, "unable to clear the table"); break;
	case IPVS_CMD_NEW_DEST:
		snprintf(buf, len, "unable to add real server %s to %s", d, s);
		break;
	case IPVS_CMD_SET_DEST:
		snprintf(buf, len, "unable to edit real server %s in %s", d, s);
		break;
	case IPVS_CMD_DEL_DEST:
		snprintf(buf, len, "unable to delete real server %s from %s", d, s);
		break;
	case IPVS_CMD_ZERO:
		if (op->has_svc)
			snprintf(buf, len, "unable to zero the counters of %s", s);
		else
			snprintf(buf, len, "unable to zero the counters");
		break;
	case IPVS_CMD_SET_CONFIG: snprintf(buf, len, "unable to set the timeouts"); break;
	case IPVS_CMD_NEW_DAEMON:
		snprintf(buf, len, "unable to start the %s sync daemon",
			 op->daemon.state == IP_VS_STATE_MASTER ? "master" : "backup");
		break;
	case IPVS_CMD_DEL_DAEMON:
		snprintf(buf, len, "unable to stop the %s sync daemon",
			 op->daemon.state == IP_VS_STATE_MASTER ? "master" : "backup");
		break;
	default: snprintf(buf, len, "unable to run IPVS command %u", op->cmd); break;
	}
}

static int kernel_error(struct ipvs *h, const char *where, const struct ipvs_op *op, int err)
{
	char what[320];

	run_describe(what, sizeof(what), op);
	if (h->nl.ext_msg[0])
		log_warnx("%s%s: %s (%s)", where, what, ipvs_strerror(err, op->cmd), h->nl.ext_msg);
	else
		log_warnx("%s%s: %s", where, what, ipvs_strerror(err, op->cmd));
	return exitcode_for_errno(err);
}

struct daemons {
	struct ipvs_daemon d[4];
	size_t n;
};

static int add_daemon(const struct ipvs_daemon *d, void *arg)
{
	struct daemons *ds = arg;

	if (ds->n < 4)
		ds->d[ds->n++] = *d;
	return 0;
}

static int list(struct ipvs *h, const struct cli_cmd *c)
{
	struct ipvs_table t;
	struct ipvs_info info;
	int ret;

	if (c->fmt & FMT_TIMEOUT) {
		struct ipvs_timeouts to;

		if ((ret = ipvs_get_timeouts(h, &to)) < 0)
			goto fail;
		print_timeouts(stdout, &to, c->json);
		return 0;
	}
	if (c->fmt & FMT_DAEMON) {
		struct daemons ds = { .n = 0 };

		if ((ret = ipvs_dump_daemons(h, add_daemon, &ds)) < 0)
			goto fail;
		print_daemons(stdout, ds.d, ds.n, c->json);
		return 0;
	}
	if (c->fmt & FMT_CONN) {
		FILE *in = fopen("/proc/net/ip_vs_conn", "re");

		conn_list(in, stdout, c->fmt, c->json);
		if (in)
			fclose(in);
		return 0;
	}
	if (!c->has_svc && (ret = ipvs_get_info(h, &info)) < 0)
		goto fail;
	if ((ret = ipvs_table_read(h, c->has_svc ? &c->svc : NULL, &t)) < 0) {
		if (ret == -ESRCH || ret == -ENOENT) {
			char s[128];

			log_warnx("no such service %s", print_service_id(s, sizeof(s), &c->svc));
			return EXIT_KERNEL;
		}
		goto fail;
	}
	if (!(c->fmt & FMT_NOSORT))
		ipvs_table_sort(&t);
	if (c->fmt & FMT_METRICS)
		print_metrics(stdout, &t);
	else if (c->json)
		print_list_json(stdout, &t, c->fmt, c->has_svc ? NULL : &info);
	else
		print_list(stdout, &t, c->fmt, c->has_svc ? NULL : &info);
	ipvs_table_free(&t);
	return 0;
fail:
	log_warnx("unable to read the IPVS table: %s", ipvs_strerror(ret, IPVS_CMD_GET_SERVICE));
	return exitcode_for_errno(ret);
}

static int save(struct ipvs *h, const struct cli_cmd *c)
{
	struct ipvs_table t;
	int ret = ipvs_table_read(h, NULL, &t);

	if (ret < 0) {
		log_warnx("unable to read the IPVS table: %s", ipvs_strerror(ret, 0));
		return exitcode_for_errno(ret);
	}
	if (!(c->fmt & FMT_NOSORT))
		ipvs_table_sort(&t);
	print_save(stdout, &t, c->fmt);
	ipvs_table_free(&t);
	return 0;
}

int run_cmd(struct ipvs *h, const struct cli_cmd *c)
{
	struct ipvs_op op;
	int ret;

	switch (c->kind) {
	case CLI_LIST:
		return list(h, c);
	case CLI_SAVE:
		return save(h, c);
	case CLI_RESTORE:
		return run_restore(h, stdin, "stdin");
	default:
		break;
	}
	if (run_op(c, &op) < 0)
		return EXIT_USAGE;
	ret = ipvs_exec(h, &op);
	if (ret < 0)
		return kernel_error(h, "", &op, ret);
	return 0;
}

/* ---- restore ------------------------------------------------------------------ */

static int push(struct ipvs_op **ops, unsigned int **lines, size_t *n, size_t *cap,
		const struct ipvs_op *op, unsigned int line)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		struct ipvs_op *no = realloc(*ops, nc * sizeof(**ops));
		unsigned int *nl;

		if (!no)
			return -ENOMEM;
		*ops = no;
		nl = realloc(*lines, nc * sizeof(**lines));
		if (!nl)
			return -ENOMEM;
		*lines = nl;
		*cap = nc;
	}
	(*ops)[*n] = *op;
	(*lines)[*n] = line;
	(*n)++;
	return 0;
}

int restore_parse(const char *text, size_t len, const char *name, struct ipvs_op **ops,
		  unsigned int **lines, size_t *nops, FILE *err_out)
{
	size_t cap = 0, pos = 0;
	unsigned int lineno = 0;
	int bad = 0;
	char buf[1024];

	*ops = NULL;
	*lines = NULL;
	*nops = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *argv[64], err[256];
		struct cli_cmd c;
		struct ipvs_op op;
		int argc;

		lineno++;
		if (l >= sizeof(buf)) {
			if (err_out)
				fprintf(err_out, "%s: %s:%u: line too long\n", log_prog(), name, lineno);
			bad++;
			pos += l + 1;
			continue;
		}
		memcpy(buf, text + pos, l);
		buf[l] = '\0';
		pos += l + 1;
		if (memchr(buf, '\0', l)) {
			if (err_out)
				fprintf(err_out, "%s: %s:%u: NUL byte in line\n", log_prog(), name,
					lineno);
			bad++;
			continue;
		}
		argc = cli_split(buf, argv, 64);
		if (argc == 1)
			continue;
		if (argc < 0) {
			if (err_out)
				fprintf(err_out, "%s: %s:%u: too many words\n", log_prog(), name, lineno);
			bad++;
			continue;
		}
		/* ipvsadm -R accepts lines that start with the program name too */
		if (strcmp(argv[1], "ipvsadm") == 0 || strcmp(argv[1], "ipvsctl") == 0) {
			argv[1] = argv[0];
			if (cli_parse(argc - 1, argv + 1, true, &c, err, sizeof(err)) < 0)
				goto bad;
		} else if (cli_parse(argc, argv, true, &c, err, sizeof(err)) < 0) {
			goto bad;
		}
		if (run_op(&c, &op) < 0) {
			snprintf(err, sizeof(err), "%s is not allowed in restore input",
				 cli_kind_name(c.kind));
			goto bad;
		}
		if (push(ops, lines, nops, &cap, &op, lineno) < 0)
			return -ENOMEM;
		continue;
bad:
		if (err_out)
			fprintf(err_out, "%s: %s:%u: %s\n", log_prog(), name, lineno, err);
		bad++;
	}
	return bad;
}

static char *slurp(FILE *in, size_t *len)
{
	size_t cap = 65536, n = 0, r;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	while ((r = fread(buf + n, 1, cap - n, in)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	*len = n;
	return buf;
}

int run_restore(struct ipvs *h, FILE *in, const char *name)
{
	struct ipvs_op *ops;
	unsigned int *lines;
	size_t len, n;
	char *text = slurp(in, &len);
	int bad, failed, *errs, code = 0;

	if (!text)
		fatalx(EXIT_KERNEL, "out of memory");
	bad = restore_parse(text, len, name, &ops, &lines, &n, stderr);
	free(text);
	if (bad < 0)
		fatalx(EXIT_KERNEL, "out of memory");
	if (bad > 0) {
		log_warnx("%s: %d bad line%s, nothing changed", name, bad, bad == 1 ? "" : "s");
		free(ops);
		free(lines);
		return EXIT_USAGE;
	}
	errs = calloc(n ? n : 1, sizeof(*errs));
	if (!errs)
		fatalx(EXIT_KERNEL, "out of memory");
	failed = ipvs_exec_batch(h, ops, n, errs);
	if (failed < 0) {
		log_warnx("%s: netlink: %s", name, strerror(-failed));
		code = exitcode_for_errno(failed);
	}
	for (size_t i = 0; failed > 0 && i < n; i++) {
		char where[300];

		if (!errs[i])
			continue;
		snprintf(where, sizeof(where), "%s:%u: ", name, lines[i]);
		h->nl.ext_msg[0] = '\0';
		code = kernel_error(h, where, &ops[i], errs[i]);
	}
	free(errs);
	free(ops);
	free(lines);
	return code;
}
