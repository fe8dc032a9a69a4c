import ArgumentParser
import Foundation
import ZZKVault

struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Write the current signed checkpoint (C2SP tlog-checkpoint note) to keep off this machine.")
    @Option(name: .long, help: ArgumentHelp(
        "The file to write (must not exist; never a symbolic link).", valueName: "FILE"),
        completion: .file())
    var out: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        // Created first, so a bad path is refused before the checkpoint is taken and audited.
        let file = try OutputFile.create(out, mode: 0o644)
        let note: String
        do {
            note = try options.session().auditCheckpoint()
            try file.write(Array(note.utf8))
        } catch {
            file.discard()
            throw error
        }
        // A C2SP checkpoint note: origin, tree size, root hash (base64), then the signature.
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let size = lines.count > 1 ? lines[1] : "?"
        if output.json {
            return try Output.json(Written(file: out, origin: lines[0], size: Int(size) ?? -1,
                                           rootHash: lines.count > 2 ? lines[2] : ""))
        }
        print("Checkpoint written to \(out): \(size) entries.")
    }

    /// What `--json` prints: the file and the checkpoint it holds.
    struct Written: Encodable {
        var file: String
        var origin: String
        var size: Int
        var rootHash: String

        enum CodingKeys: String, CodingKey { case file, origin, size, rootHash = "root_hash" }
    }
}
