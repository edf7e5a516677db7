/*
 * lvs.c - IPVS real servers in step with their targets (see lvs.h).
 * (virtual_server blocks arrive with common/lvsconf; until then there are none.)
 */
#include <errno.h>
#include <stdlib.h>

#include "hcheckd/lvs.h"

struct lvs { int unused; };

int lvs_open(struct lvs **out, struct hcd *d, struct cfg *cf) { return -ENOSYS; }
void lvs_reconfigure(struct lvs *l, struct hcd *d, struct cfg *cf) {}
void lvs_sync_all(struct lvs *l, struct hcd *d) {}
void lvs_apply(struct lvs *l, struct hc_target *t) {}
void lvs_shutdown(struct lvs *l, struct hcd *d) {}
void lvs_close(struct lvs *l) { free(l); }
void lvs_cfg_free(struct cfg *cf) { cf->vs = NULL; cf->nvs = 0; }
