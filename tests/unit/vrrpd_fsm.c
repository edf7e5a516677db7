/* Unit tests for vrrpd/fsm.c: the state table, driven with fake ops that
 * record every side effect, and the timer arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "vrrpd/fsm.h"

static char trace[2048];
static uint64_t now;
static uint64_t timers[2];

static void rec(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(trace);

	va_start(ap, fmt);
	vsnprintf(trace + n, sizeof(trace) - n, fmt, ap);
	va_end(ap);
}

static void f_send(struct vr *vr, uint8_t prio) { (void)vr; rec("adv%u ", prio); }
static void f_timer(struct vr *vr, enum fsm_timer t, uint64_t us)
{
	(void)vr;
	timers[t] = us;
	rec("%s=%llu ", t == FSM_T_ADVER ? "adv" : "down", (unsigned long long)us);
}
static void f_up(struct vr *vr) { (void)vr; rec("up "); }
static void f_down(struct vr *vr) { (void)vr; rec("vipdown "); }
static void f_reann(struct vr *vr) { (void)vr; rec("garp "); }
static void f_notify(struct vr *vr, enum vr_state from, enum vr_state to, const char *why)
{
	(void)vr; (void)why;
	rec("%s>%s ", fsm_state_name(from), fsm_state_name(to));
}
static uint64_t f_now(struct vr *vr) { (void)vr; return now; }
static void f_conflict(struct vr *vr, const struct fsm_rx *r)
{
	char buf[IPADDR_STRLEN];

	(void)vr;
	rec("conflict:%s:%02x ", ipaddr_fmt(&r->src, buf, sizeof(buf), false), r->mac[5]);
}

static const struct fsm_ops ops = { f_send, f_timer, f_up, f_down, f_reann, f_notify, f_now,
				    f_conflict };

static struct vr mk(int version, unsigned prio, unsigned int_cs)
{
	struct vr vr;

	memset(&vr, 0, sizeof(vr));
	strcpy(vr.name, "VI_1");
	strcpy(vr.ifname, "eth0");
	vr.vrid = 51;
	vr.family = AF_INET;
	vr.version = (uint8_t)version;
	vr.base_prio = (uint8_t)prio;
	vr.adv_int_cs = (uint16_t)int_cs;
	vr.preempt = true;
	ipaddr_parse("192.0.2.2", &vr.primary, 0, NULL);
	fsm_init(&vr, &ops, NULL);
	trace[0] = 0;
	now = 1000000;
	return vr;
}

static struct fsm_rx rx(unsigned prio, unsigned int_cs, const char *src)
{
	struct fsm_rx r;

	memset(&r, 0, sizeof(r));
	r.prio = (uint8_t)prio;
	r.adv_int_cs = (uint16_t)int_cs;
	ipaddr_parse(src, &r.src, 0, NULL);
	return r;
}

static void timer_arithmetic(void **st)
{
	(void)st;
	/* reference notes 5: 1 s adverts: 100 -> 0.609375 / 3.609375 s */
	assert_int_equal(fsm_skew_us(3, 100, 100), 609375);
	assert_int_equal(fsm_master_down_us(3, 100, 100), 3609375);
	assert_int_equal(fsm_skew_us(3, 150, 100), 414062);
	assert_int_equal(fsm_skew_us(3, 200, 100), 218750);
	assert_int_equal(fsm_skew_us(3, 254, 100), 7812);
	/* v3 scales with the interval: 10 ms at 100 -> 6.09 ms skew */
	assert_int_equal(fsm_skew_us(3, 100, 1), 6093);
	assert_int_equal(fsm_master_down_us(3, 100, 1), 36093);
	assert_int_equal(fsm_master_down_us(3, 100, 10), 360937);
	/* v2: skew independent of the interval (RFC 3768 6.1) */
	assert_int_equal(fsm_skew_us(2, 100, 300), 609375);
	assert_int_equal(fsm_master_down_us(2, 100, 300), 9609375);
	assert_int_equal(fsm_skew_us(3, 255, 100), 3906);
}

static void startup_backup_then_master(void **st)
{
	struct vr vr = mk(3, 100, 100);
	struct fsm_rx r;

	(void)st;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	assert_int_equal(vr.state, VR_BACKUP);
	assert_string_equal(trace, "down=3609375 INIT>BACKUP ");
	/* a higher master keeps us backup and teaches its interval */
	trace[0] = 0;
	r = rx(200, 50, "192.0.2.1");
	fsm_event(&vr, FSM_EV_ADVERT, &r);
	assert_int_equal(vr.master_adv_int_cs, 50);
	assert_string_equal(trace, "down=1804687 ");
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_MASTER_DOWN, NULL);
	assert_int_equal(vr.state, VR_MASTER);
	/* advert first, then the VIPs, then the timer; own interval again */
	assert_string_equal(trace, "down=0 adv100 up adv=1000000 BACKUP>MASTER ");
	assert_int_equal(vr.master_adv_int_cs, 100);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVER_TIMER, NULL);
	assert_string_equal(trace, "adv100 adv=1000000 ");
	assert_int_equal(vr.st.adverts_tx, 2);
}

static void owner_goes_master_at_once(void **st)
{
	struct vr vr = mk(3, 255, 100);
	struct fsm_rx r = rx(254, 100, "192.0.2.9");

	(void)st;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	assert_int_equal(vr.state, VR_MASTER);
	assert_string_equal(trace, "adv255 up adv=1000000 INIT>MASTER ");
	fsm_set_prio(&vr, 10);
	assert_int_equal(vr.eff_prio, 255);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &r);
	assert_int_equal(vr.state, VR_MASTER);
}

static void shutdown_sends_prio0(void **st)
{
	struct vr vr = mk(3, 255, 100);

	(void)st;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_SHUTDOWN, NULL);
	assert_int_equal(vr.state, VR_INIT);
	assert_string_equal(trace, "adv=0 adv0 vipdown MASTER>INIT ");
	assert_int_equal(vr.st.prio0_tx, 1);
}

static void backup_prio0_skew(void **st)
{
	struct vr vr = mk(3, 100, 100);
	struct fsm_rx r = rx(0, 100, "192.0.2.1");

	(void)st;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &r);
	assert_string_equal(trace, "down=609375 ");
	assert_int_equal(vr.st.prio0_rx, 1);
}

static void master_yields_and_answers(void **st)
{
	struct vr vr = mk(3, 100, 100);
	struct fsm_rx lower = rx(50, 100, "192.0.2.1");
	struct fsm_rx eq_low = rx(100, 100, "192.0.2.1");
	struct fsm_rx eq_high = rx(100, 100, "192.0.2.3");
	struct fsm_rx zero = rx(0, 100, "192.0.2.3");

	(void)st;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	fsm_event(&vr, FSM_EV_MASTER_DOWN, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &lower);
	assert_string_equal(trace, "adv100 adv=1000000 garp ");
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &eq_low);
	assert_int_equal(vr.state, VR_MASTER);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &zero);
	assert_string_equal(trace, "adv100 adv=1000000 ");
	trace[0] = 0;
	/* equal priority, higher primary address: yield, no priority 0 */
	fsm_event(&vr, FSM_EV_ADVERT, &eq_high);
	assert_int_equal(vr.state, VR_BACKUP);
	assert_string_equal(trace, "adv=0 vipdown down=3609375 MASTER>BACKUP ");
	assert_int_equal(vr.st.release_master, 1);
}

static void preempt_modes(void **st)
{
	struct vr vr = mk(3, 200, 100);
	struct fsm_rx low = rx(100, 100, "192.0.2.1");

	(void)st;
	/* preempt: a lower master's advert does not reset our timer */
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &low);
	assert_string_equal(trace, "");
	/* nopreempt: it does */
	vr = mk(3, 200, 100);
	vr.preempt = false;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &low);
	assert_string_equal(trace, "down=3218750 ");
	/* preempt_delay 2 s: tolerated for 2 s, then preempted */
	vr = mk(3, 200, 100);
	vr.preempt_delay_ms = 2000;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &low);
	assert_string_equal(trace, "down=3218750 ");
	now += 1500000;
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &low);
	assert_string_equal(trace, "down=3218750 ");
	now += 1000000;
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, &low);
	assert_string_equal(trace, "");
}

/* another holder of a VIP: a master counts and reports it, and stays
 * master with its timers as they were; in other states it is ignored */
static void conflict_reported_by_master_only(void **st)
{
	struct vr vr = mk(3, 100, 100);
	struct fsm_rx c = rx(0, 0, "192.0.2.100");

	(void)st;
	c.mac[5] = 0x42;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_CONFLICT, &c);
	assert_string_equal(trace, "");
	assert_int_equal(vr.st.conflicts, 0);
	fsm_event(&vr, FSM_EV_MASTER_DOWN, NULL);
	assert_int_equal(vr.state, VR_MASTER);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_CONFLICT, &c);
	assert_string_equal(trace, "conflict:192.0.2.100:42 ");
	assert_int_equal(vr.state, VR_MASTER);
	assert_int_equal(vr.st.conflicts, 1);
	assert_int_equal(vr.st.transitions, 2);
	fsm_event(&vr, FSM_EV_FAULT, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_CONFLICT, &c);
	assert_string_equal(trace, "");
	assert_int_equal(vr.st.conflicts, 1);
}

static void v2_keeps_own_interval(void **st)
{
	struct vr vr = mk(2, 100, 100);
	struct fsm_rx r = rx(150, 200, "192.0.2.1");

	(void)st;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	fsm_event(&vr, FSM_EV_ADVERT, &r);
	assert_int_equal(vr.master_adv_int_cs, 100);
}

static void fault_path(void **st)
{
	struct vr vr = mk(3, 100, 100);

	(void)st;
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	fsm_event(&vr, FSM_EV_MASTER_DOWN, NULL);
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_FAULT, NULL);
	assert_int_equal(vr.state, VR_FAULT);
	assert_string_equal(trace, "adv=0 adv0 vipdown MASTER>FAULT ");
	trace[0] = 0;
	fsm_event(&vr, FSM_EV_ADVERT, NULL);	/* ignored in FAULT */
	assert_string_equal(trace, "");
	fsm_event(&vr, FSM_EV_FAULT_CLEAR, NULL);
	assert_int_equal(vr.state, VR_BACKUP);
	/* a fault raised before startup holds the router in FAULT */
	vr = mk(3, 100, 100);
	fsm_event(&vr, FSM_EV_FAULT, NULL);
	assert_int_equal(vr.state, VR_INIT);
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	assert_int_equal(vr.state, VR_FAULT);
	/* effective priority feeds the skew */
	vr = mk(3, 100, 100);
	fsm_set_prio(&vr, 300);
	assert_int_equal(vr.eff_prio, 254);
	fsm_set_prio(&vr, 150);
	fsm_event(&vr, FSM_EV_STARTUP, NULL);
	assert_int_equal(timers[FSM_T_MASTER_DOWN], 3414062);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timer_arithmetic),
		cmocka_unit_test(startup_backup_then_master),
		cmocka_unit_test(owner_goes_master_at_once),
		cmocka_unit_test(shutdown_sends_prio0),
		cmocka_unit_test(backup_prio0_skew),
		cmocka_unit_test(master_yields_and_answers),
		cmocka_unit_test(preempt_modes),
		cmocka_unit_test(v2_keeps_own_interval),
		cmocka_unit_test(conflict_reported_by_master_only),
		cmocka_unit_test(fault_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
