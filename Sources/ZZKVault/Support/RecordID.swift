/// Checks on the shape of record ids, for front ends that must not echo anything else (a
/// mistyped "id" may be a name or a PESEL).
public enum RecordID {
    /// The letters the vault's random record ids begin with (`P-…` persons, `T-…` teams, …).
    static let prefixes = Set("ABCDHIKNPRSTUVWZ")

    /// Whether `text` has the shape of a person id, `P-` and 8 symbols.
    public static func isPerson(_ text: String) -> Bool { RandomID.isValid(text, prefix: "P") }

    /// A record id typed in any case (`p-7k3m9q2x`), in the vault's upper case; any other text
    /// unchanged. Ids are case-insensitive to people, who copy them from letters and screens.
    public static func normalised(_ text: String) -> String {
        let upper = text.uppercased()
        guard text != upper, let first = upper.first, prefixes.contains(first),
              RandomID.isValid(upper, prefix: String(first)) else { return text }
        return upper
    }
}
