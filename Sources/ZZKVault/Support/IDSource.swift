import Foundation
import Synchronization

/// Where the vault draws new record ids (`P-7K3M9Q2X`): the CSPRNG, or a seeded sequence that
/// makes a test's ids, and the documents that show them, the same on every run.
///
/// Ids are public handles, not secrets, but in a real vault they must be unguessable: only
/// ``random`` may be used outside tests.
public struct IDSource: Sendable {
    private let draw: @Sendable () -> UInt64

    private init(draw: @escaping @Sendable () -> UInt64) {
        self.draw = draw
    }

    /// 40 bits from libsodium's CSPRNG per id.
    public static let random = IDSource { RandomID.randomBits() }

    /// A repeatable sequence from `seed` (SplitMix64); for tests only.
    public static func seeded(_ seed: UInt64) -> IDSource {
        let state = Mutex(seed)
        return IDSource {
            state.withLock { value in
                value &+= 0x9E37_79B9_7F4A_7C15
                var z = value
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }
    }

    /// A new id: `prefix`, a dash and 8 symbols of Crockford base32 (40 bits).
    public func make(prefix: String) -> String {
        RandomID.format(prefix: prefix, bits: draw())
    }
}
