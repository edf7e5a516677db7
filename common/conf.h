/*
 * conf.h - keepalived.conf syntax: a lexer, a tree and a keyword walker.
 *
 * The model is keepalived's: a file is a list of statements; a statement is
 * one line of words, the first being its keyword, optionally followed by a
 * { } block of statements (the '{' on the same line or alone on a later
 * one).  Several statements may share a line when braces separate them:
 * "track_script { chk }".  Words are separated by blanks; '{' and '}' are
 * words of their own.  Comments are keepalived's: a '#' or '!' anywhere
 * outside "..." ends the line, even inside a word ("auth_pass ab!c" is
 * "ab"); write \# or \! for the character itself.  Quoting is
 * keepalived.conf(5)'s "Quoted strings": "..." or '...' parts anywhere in a
 * word keep blanks and braces and decode \n \t \xHH \NNN \cC \C escapes;
 * abcd" e "f is the one word "abcd e f".  Before a line is split into words
 * it goes through keepalived's preprocessing, in this order:
 *
 *   @ID rest     the line counts only when ID is the instance (config id,
 *   @^ID rest    keepalived -i); @^ID: only when it is not
 *   $NAME=value  defines a parameter (value may continue over lines ending
 *                in '\'); then $NAME followed by a blank, ',', ')' or the
 *                end of the line, and ${NAME} anywhere, are replaced,
 *                recursively; undefined parameters are left as they are.
 *                $_INSTANCE is predefined (the config id); $_PWD and
 *                $_RANDOM are not.
 *   ~SEQ(NAME, [START,] [STEP,] END) TEXT
 *                TEXT once for each value of $NAME (~SEQx: hex values);
 *                TEXT may be a multi-line parameter
 *   include PAT  reads the files matching the glob PAT (csh braces too;
 *                relative to the including file's directory) in place of
 *                the line.  A pattern that matches nothing or a file that
 *                cannot be read (directories are skipped; executable or
 *                non-regular files count as unreadable, as keepalived)
 *                is a warning; includem/includew/includeb
 *                make no match an error, includer an unreadable file,
 *                includea both.  A file that includes itself (directly or
 *                not) is always an error.
 *
 * conf_load() builds the whole tree or nothing: on error *out is NULL and
 * struct conf_err says FILE:LINE and why.  The tree is read-only for users.
 * Each program then walks the blocks it owns with conf_walk() and a keyword
 * table, and turns words into values with the conf_*() value helpers, which
 * all fill a conf_err naming the node's file, line and the offending word.
 *
 * Usage:
 *
 *	static int kw_priority(const struct conf_node *n, void *ctx,
 *			       struct conf_err *err)
 *	{
 *		struct vr *vr = ctx;
 *		return conf_int(n, 1, 1, 255, &vr->priority, err);
 *	}
 *	static int kw_instance(const struct conf_node *n, void *ctx,
 *			       struct conf_err *err)
 *	{
 *		static const struct conf_kw kws[] = {
 *			{ "priority", kw_priority, 0 },
 *			{ "virtual_ipaddress", kw_vips, CONF_KW_BLOCK },
 *			{ "lvs_sync_daemon_interface", NULL, CONF_KW_IGNORED },
 *			{ "vmac_xmit_base", NULL, CONF_KW_UNSUPPORTED },
 *			{ NULL, NULL, 0 }
 *		};
 *		struct vr *vr = new_vr(ctx);
 *		if (conf_nargs(n, 1, 1, err) < 0) return -EINVAL;
 *		return conf_walk(n->child, kws, vr, err);
 *	}
 *	static const struct conf_kw top[] = {
 *		{ "vrrp_instance", kw_instance, CONF_KW_BLOCK },
 *		{ "global_defs", kw_global, CONF_KW_BLOCK },
 *		{ "virtual_server", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
 *		{ NULL, NULL, 0 }
 *	};
 *
 *	struct conf_options o = { .instance = opt_i, .warn = my_warn };
 *	struct conf *c; struct conf_err e; char msg[CONF_ERR_LEN];
 *	if (conf_load(path, &o, &c, &e) < 0 || conf_walk(c->root, top, st, &e) < 0)
 *		fatalx(EXIT_CONFIG, "%s", conf_err_fmt(&e, msg, sizeof(msg)));
 *	...
 *	conf_free(c);
 *
 * Errors read "FILE:LINE: message", e.g.
 *	keepalived.conf:14: unknown keyword 'priorty' in vrrp_instance VI_1
 * All functions return 0 (or a count) or a negative errno (-EINVAL for a
 * config error, -ENOMEM, -ENOENT/-EACCES when the top file cannot be read;
 * an include that cannot be read is -EINVAL or a warning, see above).
 */
#ifndef COMMON_CONF_H
#define COMMON_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/inet.h"

struct conf;

/* One statement.  The words of a statement are all on one line, so file and
 * line locate every word of it. */
struct conf_node {
	const char *kw;			/* == argv[0] */
	int argc;			/* words, keyword included (>= 1) */
	char **argv;			/* argv[argc] == NULL */
	unsigned char *quoted;		/* quoted[i]: argv[i] had a quoted part */
	const char *file;		/* as opened (include paths joined) */
	int line;			/* 1-based */
	bool block;			/* followed by { } (child may be NULL) */
	struct conf_node *child;	/* first statement in the block */
	struct conf_node *next;		/* next statement at this level */
	struct conf_node *parent;	/* NULL at top level */
	struct conf *conf;		/* the tree it belongs to */
};

typedef void (*conf_warn_fn)(void *arg, const char *file, int line, const char *msg);

enum {
	CONF_NO_INCLUDE = 1 << 0,	/* 'include' is an error (fuzzers, untrusted text) */
};

struct conf_options {
	/* config id for @ID lines (keepalived -i).  NULL: the host name up to
	 * its first dot, as keepalived does; "" never matches an @ID. */
	const char *instance;
	/* warnings: while loading (unmatched include), and later for the tree
	 * by conf_walk() (IGNORED keywords), conf_warn() and lvsconf_parse()
	 * (its corrections).  NULL: log_warnx("FILE:LINE: msg"). */
	conf_warn_fn warn;
	void *warn_arg;
	unsigned flags;			/* CONF_NO_INCLUDE */
};

/* A config id as a command line gives it (vrrpd --config-id, hcheckd -i,
 * ipvsctl apply --config-id; keepalived -i): 1 to CONF_ID_MAX bytes and
 * no blank, since the @ID word of a line never has one.  0 or -EINVAL. */
#define CONF_ID_MAX 63
int conf_id_check(const char *id);

/* A loaded file.  Caller frees with conf_free(). */
struct conf {
	struct conf_node *root;		/* first top-level statement, NULL if none */
	unsigned nwarnings;		/* warnings reported so far */
	/* private below */
	char *instance;
	conf_warn_fn warn;
	void *warn_arg;
	char **files;			/* interned file names */
	size_t nfiles;
	const void **warned;		/* IGNORED keyword entries already warned */
	size_t nwarned;
};

#define CONF_ERR_LEN 1024

struct conf_err {
	char file[512];			/* "" when not about a file (ENOMEM) */
	int line;			/* 0: none */
	char word[128];			/* the offending word, "" if none */
	char msg[512];			/* without "FILE:LINE: " */
};

/* ---- loading --------------------------------------------------------------- */

/* Read and parse path (and its includes).  0, or -errno with err filled
 * (err may be NULL) and *out NULL.  opts may be NULL. */
int conf_load(const char *path, const struct conf_options *opts, struct conf **out,
	      struct conf_err *err);
/* The same from memory: name is the file name used in errors and the
 * directory that relative includes are taken from.  text need not be
 * NUL-terminated. */
int conf_load_string(const char *text, size_t len, const char *name,
		     const struct conf_options *opts, struct conf **out,
		     struct conf_err *err);
/* NULL is a no-op */
void conf_free(struct conf *c);

/* "FILE:LINE: message" (or "FILE: message", or "message"); returns buf */
char *conf_err_fmt(const struct conf_err *e, char *buf, size_t len);

/* Fill err (may be NULL) about node n (may be NULL) and word (may be
 * NULL); returns -EINVAL so that handlers can `return conf_error(...)`. */
int conf_error(struct conf_err *err, const struct conf_node *n, const char *word,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A warning through the tree's warn function, prefixed by n's FILE:LINE. */
void conf_warn(const struct conf_node *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "vrrp_instance VI_1", "virtual_server 192.0.2.1 80" (keyword and up to
 * two words) or "top level" for NULL; into buf, returned. */
const char *conf_block_name(const struct conf_node *n, char *buf, size_t len);

/* First statement with keyword kw in the list starting at n (NULL if none);
 * conf_find(x->next, kw) continues the search. */
const struct conf_node *conf_find(const struct conf_node *n, const char *kw);

/* Print the tree back in keepalived syntax (one statement a line, blocks
 * indented, words quoted and escaped when needed), for tests and `-t -v`.
 * Loading the output again gives the same tree (checked by the fuzzer). */
void conf_dump(const struct conf_node *n, FILE *f, int indent);

/* ---- walking ------------------------------------------------------------- */

enum {
	CONF_KW_BLOCK = 1 << 0,		/* needs a { } block */
	CONF_KW_MAYBLOCK = 1 << 1,	/* may have a block (else a block is an error) */
	CONF_KW_UNSUPPORTED = 1 << 2,	/* error: "'KW' is not supported by PROG" */
	CONF_KW_IGNORED = 1 << 3,	/* accepted, one warning per tree and keyword */
	CONF_KW_SKIP = 1 << 4,		/* silently skipped (another program's block) */
};

typedef int (*conf_kw_fn)(const struct conf_node *n, void *ctx, struct conf_err *err);

/* A keyword table ends with an entry whose name is NULL; if that entry has
 * a handler, it gets every statement no other entry matched (for lists such
 * as virtual_ipaddress whose "keywords" are data). */
struct conf_kw {
	const char *name;
	conf_kw_fn fn;			/* NULL: nothing to do (with the flags above) */
	unsigned flags;
};

/* For each statement in the list starting at first: find its keyword in
 * table, check the block flags, call the handler.  Stops at the first error
 * (a handler's negative return) and returns it; an unknown keyword is
 * "unknown keyword 'WORD' in BLOCK".  0 when all went well. */
int conf_walk(const struct conf_node *first, const struct conf_kw *table, void *ctx,
	      struct conf_err *err);

/* ---- values --------------------------------------------------------------
 * Each reads argv[i] of n (i >= 1; the keyword is argv[0]) and on error
 * fills err with n's file:line, the word, and returns -EINVAL.  A missing
 * word is "'KW' needs a value". */

/* Number of words after the keyword must be in min..max (max -1: any). */
int conf_nargs(const struct conf_node *n, int min, int max, struct conf_err *err);
/* Decimal integers (a leading 0x is hex) in min..max. */
int conf_int(const struct conf_node *n, int i, int min, int max, int *out,
	     struct conf_err *err);
int conf_uint(const struct conf_node *n, int i, unsigned min, unsigned max,
	      unsigned *out, struct conf_err *err);
/* on/off, true/false, yes/no (any case); a missing word means true, as
 * for keepalived's bare keywords ("nopreempt", "use_vmac"). */
int conf_bool(const struct conf_node *n, int i, bool *out, struct conf_err *err);
/* names: NULL-terminated; *out gets the index.  Case-sensitive unless
 * the name in the table is upper case and the word matches ignoring case
 * (keepalived accepts "nat" for NAT). */
int conf_enum(const struct conf_node *n, int i, const char *const names[], int *out,
	      struct conf_err *err);
/* Seconds with up to 6 decimals ("1", "0.5", "0.01") into microseconds,
 * checked against min_us..max_us. */
int conf_duration(const struct conf_node *n, int i, uint64_t min_us, uint64_t max_us,
		  uint64_t *out_us, struct conf_err *err);
/* "ADDR" or "ADDR/LEN", flags IPADDR_* of inet.h */
int conf_ipaddr(const struct conf_node *n, int i, int flags, struct ipaddr *out,
		struct conf_err *err);
/* 0..65535 */
int conf_port(const struct conf_node *n, int i, uint16_t *out, struct conf_err *err);
/* *out (freed first if not NULL) gets a copy of argv[i]. */
int conf_strdup(const struct conf_node *n, int i, char **out, struct conf_err *err);
/* A command line from argv[i] to the end, as keepalived's script lines:
 * one quoted word is the command line itself; several words are joined
 * with spaces, quoted words re-quoted so that script_split() gives them
 * back.  *out freed first if not NULL. */
int conf_script(const struct conf_node *n, int i, char **out, struct conf_err *err);
/* keepalived's notify lines, "<STRING>|<QUOTED-STRING> [username
 * [groupname]]": *cmd = argv[i] (a command line for script_split()), *user
 * and *group the next words or NULL; more words are an error.  The
 * strings point into the tree. */
int conf_notify(const struct conf_node *n, int i, const char **cmd, const char **user,
		const char **group, struct conf_err *err);

#endif
