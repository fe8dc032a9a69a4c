import Foundation

/// A person who works with the vault (staff, not a case subject).
public struct User: Sendable, Equatable, Codable {
    /// Unique login, lowercase letters, digits, `.`, `-`, `_`.
    public var login: String
    public var role: Role
    /// Display name; nil when the viewer holds no vault key to decrypt it.
    public var name: String?
    /// The cooperant (institution) a specialist works for.
    public var cooperantID: String?
    public var createdAt: Date
    /// Whether the account waits for a second person's approval before it can be used (four eyes).
    public var awaitingApproval: Bool

    enum CodingKeys: String, CodingKey {
        case login, role, name
        case cooperantID = "cooperant_id", createdAt = "created_at", awaitingApproval = "awaiting_approval"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        login = try container.decode(String.self, forKey: .login)
        role = try container.decode(Role.self, forKey: .role)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        cooperantID = try container.decodeIfPresent(String.self, forKey: .cooperantID)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        awaitingApproval = try container.decodeIfPresent(Bool.self, forKey: .awaitingApproval) ?? false
    }

    /// Encodes absent values as `null`, so every documented key is always present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(login, forKey: .login)
        try container.encode(role, forKey: .role)
        try container.encode(name, forKey: .name)
        try container.encode(cooperantID, forKey: .cooperantID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(awaitingApproval, forKey: .awaitingApproval)
    }

    public init(login: String, role: Role, name: String?, cooperantID: String?, createdAt: Date,
                awaitingApproval: Bool = false) {
        self.awaitingApproval = awaitingApproval
        self.login = login
        self.role = role
        self.name = name
        self.cooperantID = cooperantID
        self.createdAt = createdAt
    }

    /// Checks a login: 2–32 characters `[a-z0-9._-]`, starting with a letter.
    public static func validateLogin(_ login: String) throws(VaultError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (2...32).contains(login.count), let first = login.first, first.isLetter, first.isASCII,
              login.allSatisfy({ allowed.contains($0) })
        else {
            throw .invalidArgument(name: "login", reason: "use 2–32 characters: lowercase letters a–z, digits, '.', '-' or '_', starting with a letter (e.g. anowak)")
        }
    }
}
