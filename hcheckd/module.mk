PROGS += hcheckd
hcheckd_LIBS := -lssl -lcrypto
