import CSodium

/// Argon2id password-based key derivation (`crypto_pwhash`, version 1.3).
public enum Argon2id {
    /// Salt length in bytes (16).
    public static let saltLength = Int(crypto_pwhash_SALTBYTES)

    /// Named cost profiles. The parameters of the profile used are stored beside every
    /// wrapped secret, so a vault keeps opening after the defaults change.
    public enum Profile: String, Sendable, CaseIterable, Codable {
        /// libsodium's INTERACTIVE limits: 2 passes, 64 MiB. The default.
        case interactive
        /// libsodium's MODERATE limits: 3 passes, 256 MiB.
        case moderate
        /// libsodium's SENSITIVE limits: 4 passes, 1 GiB.
        case sensitive
        /// **Insecure.** 1 pass, 8 KiB: only for fast automated tests and benchmarks.
        case test

        /// The cost parameters of this profile.
        public var parameters: Parameters {
            switch self {
            case .interactive:
                return Parameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE), memLimit: UInt64(crypto_pwhash_MEMLIMIT_INTERACTIVE))
            case .moderate:
                return Parameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MODERATE), memLimit: UInt64(crypto_pwhash_MEMLIMIT_MODERATE))
            case .sensitive:
                return Parameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_SENSITIVE), memLimit: UInt64(crypto_pwhash_MEMLIMIT_SENSITIVE))
            case .test:
                return Parameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MIN), memLimit: UInt64(crypto_pwhash_MEMLIMIT_MIN))
            }
        }
    }

    /// Argon2id cost parameters: passes over memory and memory in bytes.
    public struct Parameters: Sendable, Equatable, Codable {
        public var opsLimit: UInt64
        public var memLimit: UInt64
        public init(opsLimit: UInt64, memLimit: UInt64) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }
    }

    /// Derives `length` bytes from `password` and `salt` into protected memory.
    public static func deriveKey(
        length: Int, password: SecureBytes, salt: [UInt8], parameters: Parameters
    ) throws(SodiumError) -> SecureBytes {
        Sodium.ensureInitialized()
        guard salt.count == saltLength else { throw .invalidLength(what: "Argon2id salt", expected: saltLength, actual: salt.count) }
        let key = try SecureBytes(zeroedCount: length)
        let status: Int32 = key.withUnsafeMutableBytes { out in
            password.withUnsafeBytes { pw in
                pw.withMemoryRebound(to: CChar.self) { pwChars in
                    crypto_pwhash(
                        out.u8, UInt64(length),
                        pwChars.baseAddress!, UInt64(pw.count),
                        salt, parameters.opsLimit, Int(parameters.memLimit),
                        crypto_pwhash_ALG_ARGON2ID13)
                }
            }
        }
        guard status == 0 else { throw .keyDerivationFailed(profile: "ops=\(parameters.opsLimit) mem=\(parameters.memLimit)") }
        return key
    }
}
