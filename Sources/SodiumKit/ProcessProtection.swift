import CSodium

/// What a process holding decrypted personal data sets on itself before it reads any.
public enum ProcessProtection {
    /// Disables core dumps (`RLIMIT_CORE` 0) and marks the process not dumpable
    /// (`PR_SET_DUMPABLE` 0), so neither a crash nor another process of the same account
    /// (`ptrace`, `/proc/PID/mem`, `/proc/PID/environ`) can copy the keys and values in its
    /// memory. Returns false if the kernel refused either setting.
    @discardableResult
    public static func makeUndumpable() -> Bool {
        zzk_make_undumpable() == 0
    }
}
