#include <cap-ng.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>

#include "common/caps.h"

bool caps_have(int cap)
{
	capng_get_caps_process();
	return capng_have_capability(CAPNG_EFFECTIVE, (unsigned int)cap) != 0;
}

const char *caps_name(int cap)
{
	static char buf[48];
	const char *n = capng_capability_to_name((unsigned int)cap);

	/* libcap-ng names them "net_admin" */
	snprintf(buf, sizeof(buf), "CAP_%s", n ? n : "?");
	for (char *p = buf + 4; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return buf;
}

int caps_keep(const int *caps)
{
	int select = CAPNG_SELECT_CAPS;
	bool held[64];
	int n;

	capng_get_caps_process();
	if (capng_have_capabilities(CAPNG_SELECT_CAPS) == CAPNG_NONE)
		return 0;
	/* the bounding set can only shrink with CAP_SETPCAP */
	if (capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP))
		select = CAPNG_SELECT_BOTH;
	/* keep only what we hold now: nothing can be gained here */
	for (n = 0; caps[n] >= 0 && n < 64; n++)
		held[n] = capng_have_capability(CAPNG_PERMITTED, (unsigned int)caps[n]);
	capng_clear(select);
	for (int i = 0; i < n; i++) {
		const int *c = &caps[i];

		if (!held[i])
			continue;
		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
				 ((select == CAPNG_SELECT_BOTH) ? CAPNG_BOUNDING_SET : 0),
				 (unsigned int)*c) < 0)
			return -EINVAL;
	}
	if (capng_apply(select) < 0)
		return -EPERM;
	return 0;
}
