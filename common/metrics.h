/*
 * metrics.h - a writer of the Prometheus text exposition format (version
 * 0.0.4, which OpenMetrics parsers read too).
 *
 * A scrape is a list of families.  Each family is announced once by
 * metrics_family() (# HELP and # TYPE lines), then all of its samples
 * follow, one per label set; a family's samples must not be split by
 * another family's, so a caller walks its objects once per family.
 * Labels are passed as NULL-terminated key, value pairs; values are escaped
 * (backslash, double quote, newline), keys and names are the caller's
 * constants and must already match [a-zA-Z_][a-zA-Z0-9_]*.
 *
 *   metrics_family(f, "vrrp_state", "gauge", "1 for the instance's state");
 *   metrics_u64(f, "vrrp_state", 1, "iname", "VI_1", "state", "MASTER", NULL);
 *
 * Histograms keep non-cumulative bucket counts and are written cumulative
 * with the +Inf bucket, _sum and _count, as the format requires.
 */
#ifndef COMMON_METRICS_H
#define COMMON_METRICS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* the Content-Type of a scrape */
#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* "counter", "gauge", "histogram", "info" is written as a gauge */
void metrics_family(FILE *f, const char *name, const char *type, const char *help);
void metrics_u64(FILE *f, const char *name, uint64_t v, ...) __attribute__((sentinel));
void metrics_i64(FILE *f, const char *name, int64_t v, ...) __attribute__((sentinel));
void metrics_f64(FILE *f, const char *name, double v, ...) __attribute__((sentinel));
/* s as the inside of a label value (no quotes) */
void metrics_escape(FILE *f, const char *s);

/* What every daemon says about itself: PROG_build_info, the
 * process_start_time_seconds, PROG_reloads_total, PROG_reload_failures_total,
 * PROG_last_reload_success, PROG_last_reload_time_seconds. */
struct metrics_proc {
	int64_t started_unix_s;
	uint64_t reloads, reload_failures;
	int64_t reload_unix_s;		/* the last reload tried, 0 = none */
	bool reload_ok;			/* its result */
};
/* at start */
void metrics_proc_init(struct metrics_proc *p);
/* after each reload; r is its result (0 or < 0), returned */
int metrics_proc_reloaded(struct metrics_proc *p, int r);
void metrics_proc(FILE *f, const char *prog, const struct metrics_proc *p);

/* CLOCK_REALTIME in seconds, for the _time_seconds gauges */
double metrics_now_s(void);

/* latency buckets, seconds: 1 ms to 10 s */
#define METRICS_HIST_N 12
extern const double metrics_hist_le[METRICS_HIST_N];

struct metrics_hist {
	uint64_t bucket[METRICS_HIST_N];	/* observations <= le[i] and > le[i-1] */
	uint64_t count;				/* all, the +Inf bucket included */
	double sum_s;
};

void metrics_hist_observe(struct metrics_hist *h, double seconds);
/* name_bucket{...,le="..."}, name_sum{...}, name_count{...} */
void metrics_hist(FILE *f, const char *name, const struct metrics_hist *h, ...)
	__attribute__((sentinel));

#endif
