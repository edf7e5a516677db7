#include <assert.h>
#include <inttypes.h>

#include "common/json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
	j->after_key = false;
}

/* Before any value: a comma if a sibling came first (not after a key). */
static void value_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	/* top-level values stand one per line, without commas between them */
	if (j->depth > 0 && j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
}

void json_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void open_level(struct json *j, char c)
{
	value_sep(j);
	fputc(c, j->f);
	assert(j->depth + 1 < JSON_MAX_DEPTH);
	j->need_comma[++j->depth] = false;
}

static void close_level(struct json *j, char c)
{
	assert(j->depth > 0);
	j->depth--;
	fputc(c, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);	/* one top-level value per line */
}

void json_obj_begin(struct json *j) { open_level(j, '{'); }
void json_obj_end(struct json *j) { close_level(j, '}'); }
void json_arr_begin(struct json *j) { open_level(j, '['); }
void json_arr_end(struct json *j) { close_level(j, ']'); }

void json_key(struct json *j, const char *key)
{
	value_sep(j);
	json_escape(j->f, key);
	fputc(':', j->f);
	j->after_key = true;
}

void json_str(struct json *j, const char *s)
{
	value_sep(j);
	if (s)
		json_escape(j->f, s);
	else
		fputs("null", j->f);
}

void json_int(struct json *j, int64_t v)
{
	value_sep(j);
	fprintf(j->f, "%" PRId64, v);
}

void json_uint(struct json *j, uint64_t v)
{
	value_sep(j);
	fprintf(j->f, "%" PRIu64, v);
}

void json_bool(struct json *j, bool v)
{
	value_sep(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	value_sep(j);
	fputs("null", j->f);
}

void json_kv_str(struct json *j, const char *key, const char *s) { json_key(j, key); json_str(j, s); }
void json_kv_int(struct json *j, const char *key, int64_t v) { json_key(j, key); json_int(j, v); }
void json_kv_uint(struct json *j, const char *key, uint64_t v) { json_key(j, key); json_uint(j, v); }
void json_kv_bool(struct json *j, const char *key, bool v) { json_key(j, key); json_bool(j, v); }
