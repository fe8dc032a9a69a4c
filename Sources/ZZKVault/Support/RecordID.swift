/// Checks on the shape of record ids, for front ends that must not echo anything else (a
/// mistyped "id" may be a name or a PESEL).
public enum RecordID {
    /// Whether `text` has the shape of a person id, `P-` and 8 symbols.
    public static func isPerson(_ text: String) -> Bool { RandomID.isValid(text, prefix: "P") }
}
