/* libFuzzer harness for the keepalived.conf lexer and tree (common/conf.c):
 * the input is a config file (no includes); every statement of the tree is
 * then fed to the value helpers and the tree printed back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *arg, const char *file, int line, const char *msg)
{
}

static void values(const struct conf_node *n)
{
	static const char *const names[] = { "NAT", "DR", "TUN", NULL };
	const char *cmd, *user, *group;
	struct conf_err e;
	struct ipaddr a;
	char *s = NULL;
	uint64_t us;
	uint16_t port;
	unsigned u;
	bool b;
	int v;

	for (; n; n = n->next) {
		for (int i = 0; i <= n->argc; i++) {
			conf_int(n, i, -1000, 1000, &v, &e);
			conf_uint(n, i, 0, 65535, &u, &e);
			conf_bool(n, i, &b, &e);
			conf_enum(n, i, names, &v, &e);
			conf_duration(n, i, 0, UINT64_MAX, &us, &e);
			conf_ipaddr(n, i, 0, &a, &e);
			conf_port(n, i, &port, &e);
			conf_strdup(n, i, &s, &e);
			conf_script(n, i, &s, &e);
			conf_notify(n, i, &cmd, &user, &group, &e);
		}
		conf_nargs(n, 1, 2, &e);
		values(n->child);
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_options o = { .instance = "main", .warn = quiet, .flags = CONF_NO_INCLUDE };
	char buf[CONF_ERR_LEN];
	struct conf_err e;
	struct conf *c, *c2;
	char *a = NULL, *b = NULL;
	size_t alen, blen;
	FILE *f;

	if (conf_load_string((const char *)data, size, "fuzz.conf", &o, &c, &e) < 0) {
		conf_err_fmt(&e, buf, sizeof(buf));
		return 0;
	}
	values(c->root);
	/* the dump reads back to the same tree */
	f = open_memstream(&a, &alen);
	if (f) {
		conf_dump(c->root, f, 0);
		fclose(f);
		if (conf_load_string(a, alen, "dump.conf", &o, &c2, &e) < 0) {
			fprintf(stderr, "dump does not load: %s\n---\n%s---\n",
				conf_err_fmt(&e, buf, sizeof(buf)), a);
			abort();
		}
		f = open_memstream(&b, &blen);
		if (f) {
			conf_dump(c2->root, f, 0);
			fclose(f);
			if (strcmp(a, b) != 0) {
				fprintf(stderr, "dump changed:\n---\n%s---\n%s---\n", a, b);
				abort();
			}
		}
		free(b);
		conf_free(c2);
		free(a);
	}
	conf_free(c);
	return 0;
}
