PROGS += hcheckd
hcheckd_LIBS := -lssl -lcrypto -lpcre2-8
