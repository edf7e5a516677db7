/*
 * metrics.c - the Prometheus text format writer (metrics.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/metrics.h"

const double metrics_hist_le[METRICS_HIST_N] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
};

void metrics_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '"')
			fputs("\\\"", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* HELP text escapes backslash and newline only */
static void help_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

void metrics_family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s ", name);
	help_escape(f, help);
	fprintf(f, "\n# TYPE %s %s\n", name, strcmp(type, "info") ? type : "gauge");
}

/* name{k="v",...[,extra_k="extra_v"]} followed by a space */
static void head(FILE *f, const char *name, const char *suffix, va_list ap,
		 const char *extra_k, const char *extra_v)
{
	const char *k;
	bool first = true;

	fprintf(f, "%s%s", name, suffix);
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		fprintf(f, "%s%s=\"", first ? "{" : ",", k);
		metrics_escape(f, v ? v : "");
		fputc('"', f);
		first = false;
	}
	if (extra_k) {
		fprintf(f, "%s%s=\"%s\"", first ? "{" : ",", extra_k, extra_v);
		first = false;
	}
	fputs(first ? " " : "} ", f);
}

static void fmt_f64(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "NaN");
	else if (isinf(v))
		snprintf(buf, len, "%s", v > 0 ? "+Inf" : "-Inf");
	else	/* the shortest form that reads back as v */
		for (int prec = 15; prec <= 17; prec++)
			if (snprintf(buf, len, "%.*g", prec, v) > 0 && strtod(buf, NULL) == v)
				break;
}

#define SAMPLE(f, name, last, fmt, v) do {					\
	char val_[32];								\
	va_list ap_;								\
	snprintf(val_, sizeof(val_), fmt, v);					\
	va_start(ap_, last);							\
	head(f, name, "", ap_, NULL, NULL);					\
	va_end(ap_);								\
	fprintf(f, "%s\n", val_);						\
} while (0)

void metrics_u64(FILE *f, const char *name, uint64_t v, ...)
{
	SAMPLE(f, name, v, "%" PRIu64, v);
}

void metrics_i64(FILE *f, const char *name, int64_t v, ...)
{
	SAMPLE(f, name, v, "%" PRId64, v);
}

void metrics_f64(FILE *f, const char *name, double v, ...)
{
	char s[32];

	fmt_f64(s, sizeof(s), v);
	SAMPLE(f, name, v, "%s", s);
}

double metrics_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void metrics_hist_observe(struct metrics_hist *h, double seconds)
{
	for (int i = 0; i < METRICS_HIST_N; i++)
		if (seconds <= metrics_hist_le[i]) {
			h->bucket[i]++;
			break;
		}
	h->count++;
	h->sum_s += seconds;
}

void metrics_hist(FILE *f, const char *name, const struct metrics_hist *h, ...)
{
	uint64_t cum = 0;
	char le[32];
	va_list ap;

	for (int i = 0; i < METRICS_HIST_N; i++) {
		cum += h->bucket[i];
		snprintf(le, sizeof(le), "%g", metrics_hist_le[i]);
		va_start(ap, h);
		head(f, name, "_bucket", ap, "le", le);
		va_end(ap);
		fprintf(f, "%" PRIu64 "\n", cum);
	}
	va_start(ap, h);
	head(f, name, "_bucket", ap, "le", "+Inf");
	va_end(ap);
	fprintf(f, "%" PRIu64 "\n", h->count);
	va_start(ap, h);
	head(f, name, "_sum", ap, NULL, NULL);
	va_end(ap);
	fmt_f64(le, sizeof(le), h->sum_s);
	fprintf(f, "%s\n", le);
	va_start(ap, h);
	head(f, name, "_count", ap, NULL, NULL);
	va_end(ap);
	fprintf(f, "%" PRIu64 "\n", h->count);
}

void metrics_proc_init(struct metrics_proc *p)
{
	memset(p, 0, sizeof(*p));
	p->started_unix_s = (int64_t)time(NULL);
}

int metrics_proc_reloaded(struct metrics_proc *p, int r)
{
	p->reloads++;
	p->reload_failures += r < 0;
	p->reload_ok = r >= 0;
	p->reload_unix_s = (int64_t)time(NULL);
	return r;
}

void metrics_proc(FILE *f, const char *prog, const struct metrics_proc *p)
{
	char n[64], h[96];

	snprintf(n, sizeof(n), "%s_build_info", prog);
	snprintf(h, sizeof(h), "the version of %s running", prog);
	metrics_family(f, n, "info", h);
	metrics_u64(f, n, 1, "version", HA_VERSION, NULL);
	metrics_family(f, "process_start_time_seconds", "gauge", "start time (Unix time)");
	metrics_i64(f, "process_start_time_seconds", p->started_unix_s, NULL);
	snprintf(n, sizeof(n), "%s_reloads_total", prog);
	metrics_family(f, n, "counter", "configuration reloads tried (SIGHUP, reload verb)");
	metrics_u64(f, n, p->reloads, NULL);
	snprintf(n, sizeof(n), "%s_reload_failures_total", prog);
	metrics_family(f, n, "counter", "reloads refused, the old configuration kept");
	metrics_u64(f, n, p->reload_failures, NULL);
	snprintf(n, sizeof(n), "%s_last_reload_success", prog);
	metrics_family(f, n, "gauge", "1 if the last reload succeeded (and before any)");
	metrics_u64(f, n, !p->reloads || p->reload_ok, NULL);
	snprintf(n, sizeof(n), "%s_last_reload_time_seconds", prog);
	metrics_family(f, n, "gauge", "when the last reload was tried (Unix time; 0: none)");
	metrics_i64(f, n, p->reload_unix_s, NULL);
}
