/* keepalived.conf lexer, tree, walker and value helpers (common/conf.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/conf.h"
#include "common/script.h"

/* warnings collected by the tests */
static char warnings[4096];
static int nwarn;

static void collect(void *arg, const char *file, int line, const char *msg)
{
	size_t l = strlen(warnings);

	snprintf(warnings + l, sizeof(warnings) - l, "%s:%d: %s\n", file, line, msg);
	nwarn++;
}

static struct conf_options opts = { .instance = "main", .warn = collect };

static struct conf *load(const char *text)
{
	struct conf *c;
	struct conf_err e;
	char buf[CONF_ERR_LEN];

	warnings[0] = 0;
	nwarn = 0;
	if (conf_load_string(text, strlen(text), "t.conf", &opts, &c, &e) < 0)
		fail_msg("load failed: %s", conf_err_fmt(&e, buf, sizeof(buf)));
	return c;
}

/* the error text of a load that must fail */
static const char *load_err(const char *text)
{
	static char buf[CONF_ERR_LEN];
	struct conf *c = (struct conf *)1;
	struct conf_err e;

	warnings[0] = 0;
	nwarn = 0;
	assert_int_equal(conf_load_string(text, strlen(text), "t.conf", &opts, &c, &e),
			 -EINVAL);
	assert_null(c);
	return conf_err_fmt(&e, buf, sizeof(buf));
}

/* the tree printed back, one line per statement */
static char *dump(const struct conf *c)
{
	static char buf[8192];
	FILE *f;

	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	conf_dump(c->root, f, 0);
	fclose(f);
	return buf;
}

static void check_dump(const char *text, const char *want)
{
	struct conf *c = load(text);

	assert_string_equal(dump(c), want);
	conf_free(c);
}

static void test_blocks(void **state)
{
	struct conf *c;
	const struct conf_node *n;

	c = load("global_defs {\n"
		 "   router_id LVS_1   # comment\n"
		 "}\n"
		 "vrrp_instance VI_1\n"
		 "{\n"
		 "    state MASTER ! another comment\n"
		 "    virtual_ipaddress {\n"
		 "        192.0.2.1/24 dev eth0\n"
		 "    }\n"
		 "    track_script { chk_a }\n"
		 "    nopreempt\n"
		 "}\n");
	n = c->root;
	assert_string_equal(n->kw, "global_defs");
	assert_true(n->block);
	assert_int_equal(n->line, 1);
	assert_string_equal(n->file, "t.conf");
	assert_string_equal(n->child->kw, "router_id");
	assert_int_equal(n->child->argc, 2);
	assert_string_equal(n->child->argv[1], "LVS_1");
	assert_null(n->child->argv[2]);
	assert_int_equal(n->child->line, 2);
	assert_ptr_equal(n->child->parent, n);
	n = n->next;
	assert_string_equal(n->kw, "vrrp_instance");
	assert_int_equal(n->line, 4);
	assert_true(n->block);
	n = n->child;
	assert_string_equal(n->kw, "state");
	assert_int_equal(n->argc, 2);
	assert_int_equal(n->line, 6);
	n = n->next;
	assert_string_equal(n->kw, "virtual_ipaddress");
	assert_int_equal(n->child->argc, 3);
	assert_string_equal(n->child->kw, "192.0.2.1/24");
	assert_int_equal(n->child->line, 8);
	n = n->next;
	assert_string_equal(n->kw, "track_script");
	assert_string_equal(n->child->kw, "chk_a");
	assert_int_equal(n->child->line, 10);
	assert_null(n->child->next);
	n = n->next;
	assert_string_equal(n->kw, "nopreempt");
	assert_false(n->block);
	assert_null(n->next);
	assert_null(c->root->next->next);
	conf_free(c);

	/* braces glued to words, several statements on one line, empty block */
	check_dump("a{b c}d\n e {}\n", "a {\n    b c\n}\nd\ne {\n}\n");
	/* the '{' after blank and comment lines */
	check_dump("a x\n\n# c\n{\n  b\n}\n", "a x {\n    b\n}\n");
	/* keepalived's comments: '#' or '!' anywhere outside "...", even
	 * inside a word; \# and \! are the characters */
	check_dump("url http://h/a#b x!y\n", "url http://h/a\n");
	check_dump("pass ab!c\n", "pass ab\n");
	check_dump("pass ab\\!c \"x#y\"\n", "pass \"ab!c\" \"x#y\"\n");
	check_dump("a \"q\\\"#\" b # c\n", "a \"q\\\"#\" b\n");
	/* CRLF and tabs */
	check_dump("a {\r\n\tb\t1\r\n}\r\n", "a {\n    b 1\n}\n");
	/* no newline at the end, empty input */
	check_dump("a b", "a b\n");
	check_dump("", "");
	check_dump("  # only\n!comments\n", "");
}

static void test_quotes(void **state)
{
	struct conf *c;
	const struct conf_node *n;

	c = load("notify_master \"/usr/bin/x --a 'b c'\"\n"
		 "x \"{ not a block }\" \"# not a comment\" \"\"\n");
	n = c->root;
	assert_int_equal(n->argc, 2);
	assert_string_equal(n->argv[1], "/usr/bin/x --a 'b c'");
	assert_true(n->quoted[1]);
	assert_false(n->quoted[0]);
	n = n->next;
	assert_int_equal(n->argc, 4);
	assert_string_equal(n->argv[1], "{ not a block }");
	assert_string_equal(n->argv[2], "# not a comment");
	assert_string_equal(n->argv[3], "");
	assert_false(n->block);
	conf_free(c);

	/* keepalived.conf(5) "Quoted strings": quotes anywhere in a word,
	 * single or double, escapes inside them */
	c = load("abcd\" efg h jkl \"mnop\n"
		 "abcd \"efg h jkl\" mnop\n"
		 "a 'x \"y\" z' \"it's\" script\"/etc/x.sh\"\n"
		 "e \"\\t\\x41\\101\\\"\\\\\\cA\\q\\0\" plain\\t\n");
	n = c->root;
	assert_int_equal(n->argc, 1);
	assert_string_equal(n->kw, "abcd efg h jkl mnop");
	assert_true(n->quoted[0]);
	n = n->next;
	assert_int_equal(n->argc, 3);
	assert_string_equal(n->argv[1], "efg h jkl");
	n = n->next;
	assert_int_equal(n->argc, 4);
	assert_string_equal(n->argv[1], "x \"y\" z");
	assert_string_equal(n->argv[2], "it's");
	assert_string_equal(n->argv[3], "script/etc/x.sh");
	n = n->next;
	assert_string_equal(n->argv[1], "\tAA\"\\\001q");
	assert_string_equal(n->argv[2], "plain\\t");	/* no escapes outside quotes */
	conf_free(c);
	assert_string_equal(load_err("a 'b\n"), "t.conf:1: unterminated quoted string");
	/* single quotes do not protect a comment character (keepalived) */
	assert_string_equal(load_err("a 'b#c'\n"), "t.conf:1: unterminated quoted string");
}

static void test_syntax_errors(void **state)
{
	assert_string_equal(load_err("a {\n b\n"), "t.conf:1: '{' of 'a' is never closed");
	assert_string_equal(load_err("a {\n b {\n}\n"), "t.conf:1: '{' of 'a' is never closed");
	assert_string_equal(load_err("a {\n b {\n"), "t.conf:2: '{' of 'b' is never closed");
	assert_string_equal(load_err("a\n}\n"), "t.conf:2: '}' without a matching '{'");
	assert_string_equal(load_err("{\n}\n"), "t.conf:1: '{' without a keyword before it");
	assert_string_equal(load_err("a {\n}\n{\n}\n"),
			    "t.conf:3: '{' without a keyword before it");
	assert_string_equal(load_err("x\n y \"abc\n"), "t.conf:2: unterminated quoted string");
	assert_string_equal(load_err("a\n~SEQ(i, 1, 3 x\n"), "t.conf:2: invalid ~SEQ definition");
	assert_string_equal(load_err("~SEQ(i, 1, -1, 3) x\n"),
			    "t.conf:1: ~SEQ: the step does not go from 1 to 3");
	assert_string_equal(load_err("~SEQ(i, 1, 2000000) x\n"),
			    "t.conf:1: ~SEQ: more than 100000 values");
}

/* A NUL byte is refused at its line: before, the rest of its line was
 * dropped ("priority" lost, "configuration OK"). */
static void test_nul_byte(void **state)
{
	static const char text[] = "a {\n b 1\n c\0 d 2\n}\n";
	struct conf *c = (struct conf *)1;
	struct conf_err e;
	char buf[CONF_ERR_LEN];

	assert_int_equal(conf_load_string(text, sizeof(text) - 1, "t.conf", &opts, &c, &e),
			 -EINVAL);
	assert_null(c);
	assert_string_equal(conf_err_fmt(&e, buf, sizeof(buf)), "t.conf:3: NUL byte in the line");
	/* the control: the same text without the NUL loads */
	check_dump("a {\n b 1\n c d 2\n}\n", "a {\n    b 1\n    c d 2\n}\n");
}

static void test_nesting_limit(void **state)
{
	char text[1024] = "";

	for (int i = 0; i < 100; i++)
		strcat(text, "a {\n");
	assert_non_null(strstr(load_err(text), "nested too deeply"));
}

static void test_conditional(void **state)
{
	const char *text = "@main router_id main_router\n"
			   "@backup router_id backup_router\n"
			   "peers {\n"
			   "  @^main 192.0.2.1\n"
			   "  @^backup 192.0.2.2\n"
			   "  @^backup2 192.0.2.3\n"
			   "}\n"
			   "@main\tx { }\n";
	struct conf *c;

	check_dump(text, "router_id main_router\npeers {\n    192.0.2.2\n    192.0.2.3\n}\n"
			 "x {\n}\n");
	opts.instance = "backup";
	c = load(text);
	assert_string_equal(dump(c), "router_id backup_router\npeers {\n    192.0.2.1\n"
				     "    192.0.2.3\n}\n");
	conf_free(c);
	opts.instance = "";
	c = load(text);
	assert_string_equal(dump(c), "peers {\n    192.0.2.1\n    192.0.2.2\n    192.0.2.3\n}\n");
	conf_free(c);
	opts.instance = "main";
	/* a dropped '{' line leaves the '}' unmatched: line numbers still right */
	assert_string_equal(load_err("@other a {\nb\n}\n"),
			    "t.conf:3: '}' without a matching '{'");
}

static void test_params(void **state)
{
	/* the examples of keepalived.conf(5), Parameter substitution */
	check_dump("$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n"
		   "$ADDRESS_BASE_SUB=0\n"
		   "${ADDRESS_BASE}.100/32\n"
		   "$ADDRESS_BASE_SUB=10\n"
		   "${ADDRESS_BASE}.100/32\n",
		   "10.2.0.100/32\n10.2.10.100/32\n");
	check_dump("@main $PRIORITY=240\n@backup $PRIORITY=200\nvrrp_instance VI_0 {\n"
		   "  priority $PRIORITY\n}\n",
		   "vrrp_instance VI_0 {\n    priority 240\n}\n");
	check_dump("$IF_MAIN=@main\n$IF_OTHER=@other\n$IF_MAIN priority 240\n"
		   "$IF_OTHER priority 100\n",
		   "priority 240\n");
	/* undefined stays; $X only before a blank or the end; empty value */
	check_dump("$X=1\n$E=\na $X ${X}2 $X2 ${Y} $Y $E. x$X\n",
		   "a 1 12 \"\\044X2\" \"\\044{Y}\" \"\\044Y\" \"\\044E.\" x1\n");
	/* multi-line definitions, used twice, with conditionals inside */
	check_dump("$INSTANCE= \\\n"
		   "vrrp_instance VI_${NUM} { \\\n"
		   "  interface eth0.${NUM} \\\n"
		   "  @main priority 130 \\\n"
		   "  @backup priority 120 \\\n"
		   "}\n"
		   "$NUM=0\n$INSTANCE\n$NUM=1\n$INSTANCE\n"
		   "last\n",
		   "vrrp_instance VI_0 {\n    interface eth0.0\n    priority 130\n}\n"
		   "vrrp_instance VI_1 {\n    interface eth0.1\n    priority 130\n}\n"
		   "last\n");
	/* ~SEQ, also over a multi-line parameter and with parameters as bounds */
	check_dump("~SEQ(N, 3) vip 192.0.2.$N\n", "vip 192.0.2.1\nvip 192.0.2.2\nvip 192.0.2.3\n");
	check_dump("~SEQ(N, 5, 3) n$N\n", "n5\nn4\nn3\n");
	check_dump("~SEQ(N, 0, 5, 12) n$N\n", "n0\nn5\nn10\n");
	check_dump("~SEQ(N, -2) n$N\n", "n-1\nn-2\n");
	check_dump("~SEQx(N, 9, 11) 2001:db8::$N\n", "2001:db8::9\n2001:db8::a\n2001:db8::b\n");
	check_dump("$LAST=2\n$B= \\\nblock$N { \\\n  x$N \\\n}\n~SEQ(N, 1, $LAST) $B\n",
		   "block1 {\n    x1\n}\nblock2 {\n    x2\n}\n");
	/* $_INSTANCE is the config id; "$X=  v" drops the blanks; $X before , and ) */
	check_dump("router_id r-$_INSTANCE\n$X=  v\nf($X,$X)\n", "router_id r-main\nf(v,v)\n");
	/* a definition may be quoted text with blanks */
	check_dump("$CMD=\"/bin/x -a b\"\nscript $CMD\n", "script \"/bin/x -a b\"\n");
	/* words from an expansion report the line that used the parameter */
	assert_string_equal(load_err("$B=a {\n\n\n$B\n"), "t.conf:4: '{' of 'a' is never closed");
	assert_non_null(strstr(load_err("$A=x${A}\n${A}\n"), "t.conf:2: parameter substitution"));
	assert_non_null(strstr(load_err("$A=${B}\n$B=${A}\n${A}\n"), "t.conf:3: parameter"));
}

/* Words and line numbers as keepalived 2.2.7 -t reports them for the same
 * text ("(Line N) Unknown keyword 'W'"), checked by hand against it. */
static void test_keepalived_lines(void **state)
{
	static const struct { int line; const char *words; } want[] = {
		{ 6, "bogus1 x" }, { 8, "router_id a" }, { 9, "bogus2 |q # r|" },
		{ 10, "bogus3 q#r" }, { 12, "bogus4_1" }, { 12, "bogus4_2" },
		{ 15, "bogus5" }, { 16, "bogus6" }, { 18, "bogus8 |a b| |c d| |ef gh|" },
	};
	struct conf *c = load("$M= \\\n"
			      "  global_defs { \\\n"
			      "    bogus1 x \\\n"
			      "  }\n"
			      "\n"
			      "$M\n"					/* 6 */
			      "global_defs {\n"
			      "  router_id a#b\n"
			      "  bogus2 \"q # r\"\n"
			      "  bogus3 q\\#r\n"				/* 10 */
			      "}\n"
			      "~SEQ(N, 2) global_defs { bogus4_$N }\n"
			      "global_defs\n"
			      "{\n"
			      "  bogus5\n"				/* 15 */
			      "@main bogus6\n"
			      "@^main bogus7\n"
			      "  bogus8 \"a b\" 'c d' e\"f g\"h\n"
			      "}\n");
	size_t k = 0;

	for (const struct conf_node *n = c->root; n; n = n->next)
		for (const struct conf_node *w = n->child; w; w = w->next, k++) {
			char words[128] = "";

			assert_true(k < sizeof(want) / sizeof(want[0]));
			for (int i = 0; i < w->argc; i++) {
				const char *q = strchr(w->argv[i], ' ') ? "|" : "";

				snprintf(words + strlen(words), sizeof(words) - strlen(words), "%s%s%s%s",
					 i ? " " : "", q, w->argv[i], q);
			}
			assert_int_equal(w->line, want[k].line);
			assert_string_equal(words, want[k].words);
		}
	assert_int_equal(k, sizeof(want) / sizeof(want[0]));
	conf_free(c);
}

/* ---- files ---------------------------------------------------------------- */

static char dir[256];

static void put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int mkdir_tmp(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/conf-test.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int rm_tmp(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int load_path(const char *name, struct conf **c, char *msg, size_t len)
{
	char path[512];
	struct conf_err e;
	int r;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	warnings[0] = 0;
	nwarn = 0;
	r = conf_load(path, &opts, c, &e);
	if (r < 0) {
		char tmp[CONF_ERR_LEN];
		const char *s = conf_err_fmt(&e, tmp, sizeof(tmp));

		/* the temporary directory out of the message */
		if (strncmp(s, dir, strlen(dir)) == 0)
			s += strlen(dir) + 1;
		snprintf(msg, len, "%s", s);
	}
	return r;
}

static void test_include(void **state)
{
	char path[512], msg[CONF_ERR_LEN];
	struct conf *c;

	snprintf(path, sizeof(path), "%s/conf.d", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	put("main.conf", "a 1\ninclude conf.d/*.conf\n  include none/*.conf\nz {\n"
			 "  include conf.d/inner\n}\n");
	put("conf.d/20-b.conf", "b 2\ninclude sub.inc\n");
	put("conf.d/10-a.conf", "a2 {\n x\n}\n");
	put("conf.d/sub.inc", "sub\n");
	put("conf.d/inner", "inner\n");
	if (load_path("main.conf", &c, msg, sizeof(msg)) < 0)
		fail_msg("%s", msg);
	assert_string_equal(dump(c), "a 1\na2 {\n    x\n}\nb 2\nsub\nz {\n    inner\n}\n");
	assert_int_equal(nwarn, 1);
	assert_non_null(strstr(warnings, "main.conf:3: include 'none/*.conf' matches no file"));
	/* file and line of included statements */
	assert_string_equal(c->root->next->file + strlen(dir), "/conf.d/10-a.conf");
	assert_int_equal(c->root->next->child->line, 2);
	assert_int_equal(c->root->next->next->next->line, 1);
	assert_string_equal(c->root->next->next->next->file + strlen(dir), "/conf.d/sub.inc");
	conf_free(c);

	/* recursion, direct and through another file */
	put("self.conf", "x\ninclude self.conf\n");
	assert_int_equal(load_path("self.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_null(c);
	assert_non_null(strstr(msg, "self.conf:2: include recursion: '"));
	assert_non_null(strstr(msg, "self.conf' is already being read"));
	put("r1.conf", "include r2.conf\n");
	put("r2.conf", "\n\ninclude r*.conf\n");
	assert_int_equal(load_path("r1.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "r2.conf:3: include recursion: '"));
	assert_non_null(strstr(msg, "r1.conf' is already being read"));

	/* an unclosed block in an included file names that file */
	put("bad.inc", "q {\n");
	put("top.conf", "include bad.inc\n");
	assert_int_equal(load_path("top.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "bad.inc:1: '{' of 'q' is never closed");

	/* the variants: includem/includea need a match, includer/includea a
	 * readable file; plain include only warns (a dangling link here) */
	snprintf(path, sizeof(path), "%s/dangling.inc", dir);
	assert_int_equal(symlink("/nonexistent/x", path), 0);
	put("v1.conf", "includem none*.conf\n");
	assert_int_equal(load_path("v1.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "v1.conf:1: include 'none*.conf' matches no file");
	put("v2.conf", "x\ninclude dangling.inc\nincluder none*.conf\n");
	assert_int_equal(load_path("v2.conf", &c, msg, sizeof(msg)), 0);
	assert_int_equal(nwarn, 2);
	assert_non_null(strstr(warnings, "v2.conf:2: include '"));
	assert_non_null(strstr(warnings, "dangling.inc': No such file or directory"));
	conf_free(c);
	put("v3.conf", "\nincluder dangling.inc\n");
	assert_int_equal(load_path("v3.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "v3.conf:2: include '"));
	put("v4.conf", "includea {bad,none}.inc\n");
	assert_int_equal(load_path("v4.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "v4.conf:1: "));
	/* csh braces */
	put("b1.inc", "one\n");
	put("b2.inc", "two\n");
	put("v5.conf", "include b{2,1}.inc\n");
	assert_int_equal(load_path("v5.conf", &c, msg, sizeof(msg)), 0);
	assert_string_equal(dump(c), "two\none\n");
	conf_free(c);
	/* directories are skipped, executable files refused */
	snprintf(path, sizeof(path), "%s/d.inc", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	put("x.inc", "exec\n");
	snprintf(path, sizeof(path), "%s/x.inc", dir);
	assert_int_equal(chmod(path, 0755), 0);
	put("v6.conf", "include [dx].inc\n");
	assert_int_equal(load_path("v6.conf", &c, msg, sizeof(msg)), 0);
	assert_null(c->root);
	assert_int_equal(nwarn, 1);
	assert_non_null(strstr(warnings, "x.inc': not a regular non-executable file"));
	conf_free(c);
	/* 'includex' is just a keyword */
	check_dump("includex y\n", "includex y\n");

	/* the top file missing: -ENOENT */
	assert_int_equal(load_path("nope.conf", &c, msg, sizeof(msg)), -ENOENT);
	assert_string_equal(msg, "nope.conf: No such file or directory");

	/* include refused when asked */
	opts.flags = CONF_NO_INCLUDE;
	assert_string_equal(load_err("include x\n"), "t.conf:1: 'include' is not allowed here");
	opts.flags = 0;
	assert_string_equal(load_err("include\n"), "t.conf:1: 'include' needs a file name");
}

/* ---- walker ------------------------------------------------------------- */

struct vr {
	int priority;
	bool nopreempt;
	int nvips;
	int nseen;
};

static int kw_priority(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct vr *vr = ctx;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	return conf_int(n, 1, 1, 255, &vr->priority, err);
}

static int kw_nopreempt(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_bool(n, 1, &((struct vr *)ctx)->nopreempt, err);
}

static int kw_vip(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ipaddr a;

	if (conf_ipaddr(n, 0, 0, &a, err) < 0)
		return -EINVAL;
	((struct vr *)ctx)->nvips++;
	return 0;
}

static int kw_vips(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, kw_vip, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

static int kw_instance(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "priority", kw_priority, 0 },
		{ "nopreempt", kw_nopreempt, 0 },
		{ "virtual_ipaddress", kw_vips, CONF_KW_BLOCK },
		{ "smtp_alert", NULL, CONF_KW_IGNORED },
		{ "vmac_xmit_base", NULL, CONF_KW_UNSUPPORTED },
		{ NULL, NULL, 0 }
	};

	((struct vr *)ctx)->nseen++;
	return conf_walk(n->child, kws, ctx, err);
}

static const struct conf_kw top[] = {
	{ "vrrp_instance", kw_instance, CONF_KW_BLOCK },
	{ "virtual_server", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
	{ NULL, NULL, 0 }
};

static const char *walk_err(const char *text)
{
	static char buf[CONF_ERR_LEN];
	struct conf *c = load(text);
	struct conf_err e;
	struct vr vr = { 0 };

	assert_int_equal(conf_walk(c->root, top, &vr, &e), -EINVAL);
	conf_free(c);
	return conf_err_fmt(&e, buf, sizeof(buf));
}

/* A plain include of a name without wildcards that does not exist is an
 * error (keepalived only logs it); a pattern that matches nothing stays a
 * warning, as in keepalived. */
static void test_include_missing(void **state)
{
	char msg[CONF_ERR_LEN];
	struct conf *c;

	put("m1.conf", "a 1\n\ninclude nosuch.conf\nb 2\n");
	assert_int_equal(load_path("m1.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "m1.conf:3: include 'nosuch.conf': No such file or directory");
	put("m2.conf", "a 1\ninclude sub/nosuch.conf\n");
	assert_int_equal(load_path("m2.conf", &c, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "m2.conf:2: include 'sub/nosuch.conf': No such file or directory");
	/* the controls: a pattern matching nothing warns; a file that is
	 * there is read */
	put("m3.conf", "a 1\ninclude nosuch*.conf\ninclude no{such,ne}.conf\n");
	assert_int_equal(load_path("m3.conf", &c, msg, sizeof(msg)), 0);
	conf_free(c);
	assert_int_equal(nwarn, 2);
	assert_non_null(strstr(warnings, "m3.conf:2: include 'nosuch*.conf' matches no file"));
	put("m4.conf", "a 1\ninclude there.inc\n");
	put("there.inc", "b 2\n");
	assert_int_equal(load_path("m4.conf", &c, msg, sizeof(msg)), 0);
	assert_string_equal(dump(c), "a 1\nb 2\n");
	conf_free(c);
	assert_int_equal(nwarn, 0);
}

static void test_walk(void **state)
{
	struct conf *c;
	struct conf_err e;
	struct vr vr = { 0 };

	c = load("vrrp_instance VI_1 {\n"
		 "  priority 150\n"
		 "  nopreempt\n"
		 "  smtp_alert\n"
		 "  virtual_ipaddress {\n"
		 "    192.0.2.1/24\n"
		 "    2001:db8::1\n"
		 "  }\n"
		 "}\n"
		 "virtual_server 192.0.2.1 80 {\n  whatever { } \n}\n"
		 "vrrp_instance VI_2 {\n  smtp_alert\n}\n");
	assert_int_equal(conf_walk(c->root, top, &vr, &e), 0);
	assert_int_equal(vr.priority, 150);
	assert_true(vr.nopreempt);
	assert_int_equal(vr.nvips, 2);
	assert_int_equal(vr.nseen, 2);
	/* the ignored keyword warned once */
	assert_int_equal(nwarn, 1);
	assert_non_null(strstr(warnings, "t.conf:4: 'smtp_alert' is ignored by"));
	conf_free(c);

	assert_string_equal(walk_err("vrrp_instance VI_1 {\n  priority 100\n  priorty 150\n}\n"),
			    "t.conf:3: unknown keyword 'priorty' in vrrp_instance VI_1");
	assert_string_equal(walk_err("\n\nvrrp_sync_group G {\n}\n"),
			    "t.conf:3: unknown keyword 'vrrp_sync_group' in top level");
	assert_string_equal(walk_err("vrrp_instance VI_1\n"),
			    "t.conf:1: 'vrrp_instance' needs a { } block");
	assert_string_equal(walk_err("vrrp_instance VI_1 {\n priority 1 {\n }\n}\n"),
			    "t.conf:2: 'priority' takes no { } block");
	assert_non_null(strstr(walk_err("vrrp_instance VI_1 {\n vmac_xmit_base\n}\n"),
			       "t.conf:2: 'vmac_xmit_base' is not supported by "));
	assert_string_equal(walk_err("vrrp_instance VI_1 {\n priority 256\n}\n"),
			    "t.conf:2: '256' for 'priority' is out of range 1..255");
	assert_string_equal(walk_err("vrrp_instance VI_1 {\n priority\n}\n"),
			    "t.conf:2: 'priority' needs 1 value");
	assert_string_equal(walk_err("vrrp_instance VI_1 {\n priority 1 2\n}\n"),
			    "t.conf:2: 'priority' takes at most 1 value");
	assert_string_equal(walk_err("vrrp_instance VI_1 {\n virtual_ipaddress {\n"
				     "  192.0.2.1/24\n  192.0.2.300\n }\n}\n"),
			    "t.conf:4: '192.0.2.300' for '192.0.2.300': "
			    "not an IPv4 or IPv6 address");
	assert_string_equal(walk_err("vrrp_instance VI_1 {\n nopreempt maybe\n}\n"),
			    "t.conf:2: 'maybe' for 'nopreempt' is not a boolean "
			    "(on/off, true/false, yes/no)");
}

/* ---- values --------------------------------------------------------------- */

static void test_values(void **state)
{
	struct conf *c = load("n 10 -3 0x1f 1x 99999999999 \"\"\n"
			      "b on OFF True no YES 0 maybe\n"
			      "d 1 0.5 0.01 0.000001 1.0000001 .5 5. x 1e3 4294967296\n"
			      "e NAT dr tun rr RR\n"
			      "a 192.0.2.1 2001:db8::1/64 192.0.2.1/24 fe80::1 host\n"
			      "p 80 0 65535 65536 http\n"
			      "script /bin/x a \"b c\" \"it's\"\n"
			      "s \"/bin/y 'q r'\"\n");
	const struct conf_node *n = c->root;
	static const char *const kinds[] = { "NAT", "DR", "TUN", NULL };
	static const char *const scheds[] = { "rr", "wrr", NULL };
	struct conf_err e;
	char buf[CONF_ERR_LEN];
	struct ipaddr a;
	unsigned u;
	uint64_t us;
	uint16_t port;
	char *s = NULL;
	bool b;
	int v;

	assert_int_equal(conf_int(n, 1, 0, 100, &v, &e), 0);
	assert_int_equal(v, 10);
	assert_int_equal(conf_int(n, 2, -5, 5, &v, &e), 0);
	assert_int_equal(v, -3);
	assert_int_equal(conf_int(n, 3, 0, 100, &v, &e), 0);
	assert_int_equal(v, 31);
	assert_int_equal(conf_int(n, 4, 0, 100, &v, &e), -EINVAL);
	assert_string_equal(conf_err_fmt(&e, buf, sizeof(buf)), "t.conf:1: '1x' for 'n' is not a number");
	assert_string_equal(e.word, "1x");
	assert_int_equal(e.line, 1);
	assert_int_equal(conf_int(n, 5, 0, 100, &v, &e), -EINVAL);
	assert_int_equal(conf_uint(n, 5, 0, 100, &u, &e), -EINVAL);
	assert_int_equal(conf_int(n, 6, 0, 100, &v, &e), -EINVAL);
	assert_int_equal(conf_uint(n, 2, 0, 100, &u, &e), -EINVAL);
	assert_int_equal(conf_uint(n, 1, 0, 100, &u, &e), 0);
	assert_int_equal(u, 10);
	assert_int_equal(conf_int(n, 7, 0, 100, &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'n' needs a value");

	n = n->next;
	for (int i = 1; i <= 6; i++) {
		assert_int_equal(conf_bool(n, i, &b, &e), 0);
		assert_int_equal(b, i % 2 == 1);
	}
	assert_int_equal(conf_bool(n, 7, &b, &e), -EINVAL);
	b = false;
	assert_int_equal(conf_bool(n, 8, &b, &e), 0);	/* missing: true */
	assert_true(b);

	n = n->next;
	static const uint64_t want[] = { 1000000, 500000, 10000, 1 };
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(conf_duration(n, i, 0, UINT64_MAX, &us, &e), 0);
		assert_int_equal(us, want[i - 1]);
	}
	assert_int_equal(conf_duration(n, 5, 0, UINT64_MAX, &us, &e), -EINVAL);
	assert_string_equal(e.msg, "'1.0000001' for 'd' has more than 6 decimals");
	assert_int_equal(conf_duration(n, 6, 0, UINT64_MAX, &us, &e), 0);
	assert_int_equal(us, 500000);
	assert_int_equal(conf_duration(n, 7, 0, UINT64_MAX, &us, &e), 0);
	assert_int_equal(us, 5000000);
	assert_int_equal(conf_duration(n, 8, 0, UINT64_MAX, &us, &e), -EINVAL);
	assert_int_equal(conf_duration(n, 9, 0, UINT64_MAX, &us, &e), -EINVAL);
	assert_int_equal(conf_duration(n, 10, 0, UINT64_MAX, &us, &e), 0);
	assert_int_equal(us, 4294967296ull * 1000000);
	assert_int_equal(conf_duration(n, 2, 1000000, 2000000, &us, &e), -EINVAL);
	assert_string_equal(e.msg, "'0.5' for 'd' is out of range 1.000000..2.000000 seconds");

	n = n->next;
	assert_int_equal(conf_enum(n, 1, kinds, &v, &e), 0);
	assert_int_equal(v, 0);
	assert_int_equal(conf_enum(n, 2, kinds, &v, &e), 0);	/* "dr" for "DR" */
	assert_int_equal(v, 1);
	assert_int_equal(conf_enum(n, 3, kinds, &v, &e), 0);
	assert_int_equal(v, 2);
	assert_int_equal(conf_enum(n, 4, scheds, &v, &e), 0);
	assert_int_equal(conf_enum(n, 5, scheds, &v, &e), -EINVAL);	/* lower-case table */
	assert_string_equal(e.msg, "'RR' for 'e' is not one of: rr, wrr");

	n = n->next;
	assert_int_equal(conf_ipaddr(n, 1, 0, &a, &e), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(conf_ipaddr(n, 2, 0, &a, &e), 0);
	assert_int_equal(a.prefixlen, 64);
	assert_int_equal(conf_ipaddr(n, 3, IPADDR_NOPREFIX, &a, &e), -EINVAL);
	assert_int_equal(conf_ipaddr(n, 4, IPADDR_V4ONLY, &a, &e), -EINVAL);
	assert_int_equal(conf_ipaddr(n, 5, 0, &a, &e), -EINVAL);
	assert_string_equal(e.word, "host");

	n = n->next;
	assert_int_equal(conf_port(n, 1, &port, &e), 0);
	assert_int_equal(port, 80);
	assert_int_equal(conf_port(n, 2, &port, &e), 0);
	assert_int_equal(conf_port(n, 3, &port, &e), 0);
	assert_int_equal(port, 65535);
	assert_int_equal(conf_port(n, 4, &port, &e), -EINVAL);
	assert_int_equal(conf_port(n, 5, &port, &e), -EINVAL);

	n = n->next;
	assert_int_equal(conf_script(n, 1, &s, &e), 0);
	assert_string_equal(s, "/bin/x a 'b c' \"it's\"");
	assert_int_equal(conf_strdup(n, 1, &s, &e), 0);
	assert_string_equal(s, "/bin/x");
	n = n->next;
	assert_int_equal(conf_script(n, 1, &s, &e), 0);
	assert_string_equal(s, "/bin/y 'q r'");
	assert_int_equal(conf_script(n, 2, &s, &e), -EINVAL);
	free(s);
	conf_free(c);

	/* script lines come back word for word through script_split() */
	c = load("notify /bin/x \"a b\" 'c \"d\" e' \"it's \\\"q\\\" \\\\\" plain\n");
	s = NULL;
	assert_int_equal(conf_script(c->root, 1, &s, &e), 0);
	{
		char *av[8];

		assert_int_equal(script_split(s, av, 8), 5);
		assert_string_equal(av[0], "/bin/x");
		assert_string_equal(av[1], "a b");
		assert_string_equal(av[2], "c \"d\" e");
		assert_string_equal(av[3], "it's \"q\" \\");
		assert_string_equal(av[4], "plain");
	}
	free(s);
	n = c->root;
	{
		const char *cmd, *user, *group;

		assert_int_equal(conf_notify(n, 4, &cmd, &user, &group, &e), 0);
		assert_string_equal(cmd, "it's \"q\" \\");
		assert_string_equal(user, "plain");
		assert_null(group);
		assert_int_equal(conf_notify(n, 1, &cmd, &user, &group, &e), -EINVAL);
		assert_string_equal(e.word, "it's \"q\" \\");
		assert_int_equal(conf_notify(n, 6, &cmd, &user, &group, &e), -EINVAL);
		assert_string_equal(e.msg, "'notify' needs a value");
	}

	assert_int_equal(conf_nargs(n, 1, -1, &e), 5);
	assert_null(conf_find(c->root, "zz"));
	assert_ptr_equal(conf_find(c->root, "notify"), c->root);
	conf_free(c);
}

static void test_err_fmt(void **state)
{
	struct conf_err e = { .file = "f", .line = 3, .msg = "m" };
	char buf[64];

	assert_string_equal(conf_err_fmt(&e, buf, sizeof(buf)), "f:3: m");
	e.line = 0;
	assert_string_equal(conf_err_fmt(&e, buf, sizeof(buf)), "f: m");
	e.file[0] = 0;
	assert_string_equal(conf_err_fmt(&e, buf, sizeof(buf)), "m");
	conf_free(NULL);
	assert_int_equal(conf_error(NULL, NULL, NULL, "x"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_keepalived_lines),
		cmocka_unit_test_setup_teardown(test_include, mkdir_tmp, rm_tmp),
		cmocka_unit_test_setup_teardown(test_include_missing, mkdir_tmp, rm_tmp),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_err_fmt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
