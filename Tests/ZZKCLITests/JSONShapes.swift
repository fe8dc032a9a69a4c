/// The JSON that `zzk --json` prints (docs/cli.md), as the tests read it.

/// `person add --json`, `person update --json`.
struct NewID: Decodable { var id: String }

/// `person find --json`.
struct FoundIDs: Decodable { var ids: [String] }

/// `person show --json`.
struct ShownPerson: Decodable {
    var id: String
    var fields: [String: String]
    var households: [Membership]

    struct Membership: Decodable, Equatable {
        var householdID: String
        var relation: String
        enum CodingKeys: String, CodingKey {
            case householdID = "household_id"
            case relation
        }
    }
}

/// One element of `person list --json`.
struct PersonSummaryJSON: Decodable {
    var id: String
    var createdAt: String
    var updatedAt: String
    var fieldCount: Int
    var householdIDs: [String]
    enum CodingKeys: String, CodingKey {
        case id
        case createdAt = "created_at", updatedAt = "updated_at", fieldCount = "field_count", householdIDs = "household_ids"
    }
}

/// One element of `user list --json`.
struct UserJSON: Decodable {
    var login: String
    var role: String
    var name: String?
    var cooperantID: String?
    var awaitingApproval: Bool
    enum CodingKeys: String, CodingKey {
        case login, role, name
        case cooperantID = "cooperant_id", awaitingApproval = "awaiting_approval"
    }
}

/// `init --json`.
struct InitJSON: Decodable {
    var vault: String
    var vaultID: String
    var admin: String
    enum CodingKeys: String, CodingKey {
        case vault, admin
        case vaultID = "vault_id"
    }
}

/// One element of `audit log --json`.
struct AuditEntryJSON: Decodable {
    var seq: Int
    var time: String
    var actor: String
    var action: String
    var personID: String?
    var fields: [String]
    var purpose: String?
    var decision: String
    var detail: String
    enum CodingKeys: String, CodingKey {
        case seq, time, actor, action, fields, purpose, decision, detail
        case personID = "person_id"
    }
}

/// `audit verify --json`.
struct VerificationJSON: Decodable {
    var ok: Bool
    var entries: Int
    var checkpoints: Int
    var rootHash: String
    var firstBadEntry: Int?
    var problems: [String]
    enum CodingKeys: String, CodingKey {
        case ok, entries, checkpoints, problems
        case rootHash = "root_hash", firstBadEntry = "first_bad_entry"
    }
}

/// `keys rotate --json`.
struct RotationJSON: Decodable {
    var epoch: Int
    var dataKeys: Int
    var vaultSecrets: Int
    var custodians: Int
    enum CodingKeys: String, CodingKey {
        case epoch, custodians
        case dataKeys = "data_keys", vaultSecrets = "vault_secrets"
    }
}

/// `household create --json`.
struct HouseholdJSON: Decodable { var id: String }

/// Fictional people used across the tests. The PESELs are valid (checksum and birth date).
enum Fixtures {
    static let pangram = "Zażółć gęślą jaźń"

    /// Grzegorz Żółkiewski, born 1984-03-12 (from the demo).
    static let father: [(String, String)] = [
        ("identity.first_name", "Grzegorz"),
        ("identity.last_name", "Żółkiewski"),
        ("identity.pesel", "84031203573"),
        ("identity.birth_date", "1984-03-12"),
        ("contact.street", "ul. Źródlana 7 m. 3"),
        ("contact.postal_code", "99-123"),
        ("contact.city", "Zielona Łąka"),
        ("housing.conditions", "Zażółć gęślą jaźń\nDwa pokoje, piec kaflowy; wilgoć w łazience."),
        ("work.status", "unemployed_registered"),
    ]

    /// Małgorzata Żółkiewska, born 1987-11-05.
    static let mother: [(String, String)] = [
        ("identity.first_name", "Małgorzata"),
        ("identity.last_name", "Żółkiewska"),
        ("identity.pesel", "87110504684"),
        ("contact.street", "ul. Źródlana 7 m. 3"),
        ("contact.city", "Zielona Łąka"),
        ("contact.phone", "+48 600 123 456"),
    ]

    /// Zofia Żółkiewska, born 2014-06-21.
    static let child: [(String, String)] = [
        ("identity.first_name", "Zofia"),
        ("identity.last_name", "Żółkiewska"),
        ("identity.pesel", "14262102426"),
        ("education.school", "Szkoła Podstawowa nr 2 im. Marii Skłodowskiej-Curie"),
    ]

    static func dictionary(_ fields: [(String, String)]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields)
    }
}

/// `zzk policy apply|approve|reject --json`, and each version of `policy show --json`.
struct PolicyVersionJSON: Decodable {
    var hash: String
    var state: String
    var proposedBy: String
    var approvedBy: String?
    enum CodingKeys: String, CodingKey {
        case hash, state
        case proposedBy = "proposed_by", approvedBy = "approved_by"
    }
}

/// `zzk policy show --json`.
struct PolicyListingJSON: Decodable {
    var active: String
    var versions: [PolicyVersionJSON]
}
