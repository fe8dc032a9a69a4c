import CSodium

/// Entry point that makes sure libsodium is initialised exactly once per process.
///
/// Every SodiumKit API calls ``Sodium/ensureInitialized()`` before touching libsodium, so
/// callers never have to. `sodium_init()` is thread-safe and idempotent; the static `let`
/// makes the call happen once.
public enum Sodium {
    private static let status: Int32 = sodium_init()

    /// Initialises libsodium if it has not been initialised yet.
    ///
    /// - Precondition: libsodium can be initialised (it fails only when the system has no
    ///   usable source of randomness, where no cryptography is safe anyway).
    public static func ensureInitialized() {
        precondition(status >= 0, "libsodium could not be initialised (no entropy source?)")
    }

    /// The version string of the libsodium the process is linked to, e.g. `1.0.18`.
    public static var libraryVersion: String {
        ensureInitialized()
        return String(cString: sodium_version_string())
    }
}
