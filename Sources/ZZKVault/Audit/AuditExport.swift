import Foundation

/// The files of a portable audit export (docs/audit-format.md, "Export"), and where they go.
public enum AuditExport {
    public static let format = "zzk-audit-export/1"
    public static let entriesFile = "entries.jsonl"
    public static let checkpointFile = "checkpoint.txt"
    public static let verifierKeyFile = "verifier-key.txt"
    public static let baseCheckpointFile = "base-checkpoint.txt"
    public static let baseFrontierFile = "base-frontier.txt"
    public static let consistencyProofFile = "consistency-proof.txt"
    public static let manifestFile = "manifest.json"
    public static let checkpointsFile = "checkpoints.jsonl"

    /// What an export holds, as written to `manifest.json`.
    public struct Manifest: Sendable, Equatable, Codable {
        public var format: String
        public var origin: String
        /// The first exported entry; entries before it are summarised by the base checkpoint and frontier.
        public var since: Int64
        /// Entries in the log when exported (the size of `checkpoint.txt`).
        public var size: Int64
        public var files: [String]
    }

    /// Refuses an output folder that exists and is not empty, is a symlink, or whose parent is
    /// missing; creates it 0700. Returns whether it created the folder (so a caller whose work
    /// then fails can remove it again with ``removeFolderIfEmpty(_:)``).
    @discardableResult
    public static func prepareFolder(_ directory: URL) throws(VaultError) -> Bool { try prepare(directory) }

    /// Removes `directory` if it is empty (after a failed export into a folder it created).
    public static func removeFolderIfEmpty(_ directory: URL) { rmdir(directory.path) }

    /// Writes a new 0600 file `name` in `directory` (refusing to overwrite or follow a symlink).
    public static func writeFile(_ text: String, _ name: String, in directory: URL) throws(VaultError) { try write(text, name, in: directory) }

    @discardableResult
    static func prepare(_ directory: URL) throws(VaultError) -> Bool {
        let fm = FileManager.default
        if let attributes = try? fm.attributesOfItem(atPath: directory.path) {
            if attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                throw .fileError(path: directory.path, reason: "is a symbolic link; give a real folder")
            }
            guard attributes[.type] as? FileAttributeType == .typeDirectory else {
                throw .fileError(path: directory.path, reason: "is a file, not a folder; give a new folder")
            }
            guard (try? fm.contentsOfDirectory(atPath: directory.path))?.isEmpty == true else {
                throw .fileError(path: directory.path, reason: "already exists and is not empty; give a new folder")
            }
            return false
        }
        guard mkdir(directory.path, 0o700) == 0 else {
            throw .fileError(path: directory.path, reason: "cannot create (\(KeyDirectory.errnoText())); check that the parent folder exists")
        }
        return true
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws(VaultError) {
        try KeyDirectory.writeNew(Array(text.utf8), to: directory.appendingPathComponent(name), mode: 0o600)
    }
}
