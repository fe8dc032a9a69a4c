import ArgumentParser
import ZZKVault

struct AuditProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove", abstract: "An RFC 9162 inclusion proof of one entry in today's log, with the signed checkpoint it verifies against.")
    @Option(name: .long, help: "The entry number (seq).") var entry: Int64
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let proof = try options.session().proveAuditEntry(entry)
        if output.json { return try Output.json(proof) }
        print("entry \(proof.entry): \(proof.leaf)")
        print("leaf hash: \(proof.leafHash)")
        print("tree size \(proof.treeSize), root \(proof.rootHash)")
        print("audit path (\(proof.proof.count) hashes, leaf to root):")
        proof.proof.forEach { print("  \($0)") }
        print("checkpoint:")
        print(proof.checkpoint, terminator: "")
    }
}
