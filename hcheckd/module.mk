PROGS += hcheckd
