/// Team notes are sealed per team: the notes of team T about a person under the person's data
/// key of category `team_notes@T`, and a member of T is sealed that key alone. A specialist in
/// another team about the same person holds no key that opens T's notes, and removal from T
/// re-keys only T's notes.
///
/// The policy and consents still speak of the catalogue category `team_notes`; only the key
/// (in `data_keys`, `grants` and `rekey_pending`) carries the team.
enum TeamNoteKeys {
    static let prefix = FieldCatalog.teamNotesCategory + "@"

    /// The key category of `team`'s notes.
    static func category(team: String) -> String { prefix + team }

    /// Whether a key category is a team's notes key.
    static func isNoteKey(_ category: String) -> Bool { category.hasPrefix(prefix) }

    /// The team a notes key category belongs to.
    static func team(of category: String) -> String? {
        isNoteKey(category) ? String(category.dropFirst(prefix.count)) : nil
    }

    /// The catalogue category a key category belongs to (`team_notes` for every team's notes key).
    static func catalogCategory(_ category: String) -> String {
        isNoteKey(category) ? FieldCatalog.teamNotesCategory : category
    }
}
