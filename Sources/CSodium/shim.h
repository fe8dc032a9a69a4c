#ifndef CSODIUM_SHIM_H
#define CSODIUM_SHIM_H
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* No core dump of this process, and no ptrace or /proc/PID/mem by other processes of the
   same account: decrypted values live in ordinary heap. prctl is variadic, so Swift calls
   it through this wrapper. Returns 0 when both settings took effect. */
static inline int zzk_make_undumpable(void) {
    struct rlimit none = { 0, 0 };
    int limit = setrlimit(RLIMIT_CORE, &none);
    int dumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return limit == 0 && dumpable == 0 ? 0 : -1;
}
#endif
