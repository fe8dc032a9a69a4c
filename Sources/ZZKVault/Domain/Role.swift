/// What a vault user is, which decides which keys they hold.
///
/// - Custodians (`admin`, `social-worker`, `network-worker`) hold a copy of the vault key.
/// - A `specialist` works for a cooperant, holds only an X25519 key pair, and reads data
///   through grants sealed to that key.
/// - The `dpo` (IOD) audits the log and holds no data key at all.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin
    case socialWorker = "social-worker"
    case networkWorker = "network-worker"
    case specialist
    case dpo

    /// Whether users of this role receive a vault-key slot.
    public var isCustodian: Bool {
        switch self {
        case .admin, .socialWorker, .networkWorker: return true
        case .specialist, .dpo: return false
        }
    }

    /// Whether a new account of this role needs a second person: custodians (who hold the
    /// vault key) and the IOD (who approves them) enrol through a one-time code and, except the
    /// vault's first IOD, start working only after someone other than the administrator who
    /// added them approves the account (four eyes).
    public var needsSecondPerson: Bool {
        isCustodian || self == .dpo
    }

    /// Whether this role works with case data held in the vault (reads and writes persons).
    ///
    /// The administrator manages users and keys but not cases (data minimisation,
    /// RODO art. 5(1)(c) and 25); the DPO audits but does not read case data.
    public var handlesCases: Bool {
        self == .socialWorker || self == .networkWorker
    }
}
