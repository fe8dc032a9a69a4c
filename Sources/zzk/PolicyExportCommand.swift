import ArgumentParser
import Foundation
import ZZKVault

struct PolicyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the policy as Cedar policies, schema and entities, for Cedar's own validator and analysis tools.",
        discussion: """
            Writes DIR/policies.cedar (one policy per rule, annotated with @id("<rule id>")), \
            DIR/schema.cedarschema and DIR/entities.json (principals, categories, sensitivities, and \
            every field with its category and sensitivity as parents). DIR is created if needed; \
            existing files of those names are replaced.
            """)
    @Option(name: .long, help: ArgumentHelp("Write the Cedar files into this folder.", valueName: "DIR"),
        completion: .directory)
    var cedar: String
    @Option(name: .long, help: ArgumentHelp(
        "Export the policy in this folder (default: the vault's policy in force when --vault or ZZK_VAULT names one,"
            + " else the built-in policy).", valueName: "DIR"), completion: .directory) var policies: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    struct JSONResult: Encodable {
        var files: [String]
        var policies: Int
        var entities: Int
        var policyHash: String
    }

    func run() throws {
        let policy = try PolicySource.load(policies, vault: options)
        let directory = URL(fileURLWithPath: cedar)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw VaultError.fileError(path: directory.path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let files = [
            ("policies.cedar", CedarExport.policies(policy)),
            ("schema.cedarschema", CedarExport.schema(policy)),
            ("entities.json", CedarExport.entities(policy)),
        ]
        var written: [String] = []
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw VaultError.fileError(path: url.path, reason: "cannot write: \(error.localizedDescription)")
            }
            written.append(url.path)
        }
        let entityCount = policy.principals.count + policy.catalog.categories.count + Sensitivity.allCases.count + policy.catalog.fields.count
        if output.json {
            return try Output.json(JSONResult(files: written, policies: policy.rules.count, entities: entityCount, policyHash: policy.hash))
        }
        print("Exported \(policy.rules.count) rules as Cedar policies (policy hash \(policy.hash)):")
        written.forEach { print("  \($0)") }
    }
}
