#include <errno.h>
#include <stdlib.h>

#include "common/exitcode.h"

int exitcode_for_errno(int err)
{
	err = abs(err);
	if (err == EPERM || err == EACCES)
		return EXIT_NOPERM;
	return EXIT_KERNEL;
}
