import Foundation

/// The formats this build writes, for `zzk --version` and bug reports: the newest database
/// schema migration and the sealed-field format.
public enum VaultFormat {
    /// The identifier of the newest schema migration, e.g. `v18-case-closures`.
    public static var schema: String {
        Schema.migrator(policyFolder: URL(fileURLWithPath: "/nonexistent")).migrations.last ?? "-"
    }

    /// The format sealed field values are written in.
    public static var fields: Int64 { FieldCodec.currentFormat }

    /// One line: `schema v18-case-closures, field format 2`.
    public static var summary: String { "schema \(schema), field format \(fields)" }
}
