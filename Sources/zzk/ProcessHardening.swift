import Foundation

/// What `zzk serve` sets on its own process before it holds any key: no core dumps, since a
/// dump would hold every logged-in user's keys. (The systemd unit in docs/deploy.md adds
/// `LimitCORE=0` and the rest of the sandbox.)
enum ProcessHardening {
    static func apply() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
    }
}
