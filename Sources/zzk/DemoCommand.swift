import ArgumentParser
import Foundation
import SodiumKit
import ZZKDocuments
import ZZKVault

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build a fictional gmina's vault and walk through the three journeys: social worker, specialist, DPO.",
        discussion: "At the end it prints the users it created with their demo passphrases (also in DIR/demo-passphrases/), so you can go on exploring with the CLI. --json prints only {\"vault\", \"users\": [{\"login\", \"role\", \"passphrase\"}], \"persons\": [ids]}.")
    @Option(name: .long, help: ArgumentHelp(
        "Folder for the demo vault (must not exist, or be empty).", valueName: "DIR"),
        completion: .directory)
    var vault: String
    @Option(name: .long, help: ArgumentHelp("Argon2id profile for the demo users.", valueName: "PROFILE")) var kdf: Argon2id.Profile = .interactive
    @OptionGroup var output: OutputOptions

    func run() throws {
        let json = output.json
        let summary = try DemoScenario(url: URL(fileURLWithPath: vault), profile: kdf, noticeTexts: NoticeRenderer.textSource,
                                   say: { if !json { print($0) } }).run()
        if json { return try Output.json(summary) }
        if let hint = Self.pathHint() { print(hint) }
    }

    /// How to put this `zzk` on PATH, when the closing examples would not find it there.
    static func pathHint() -> String? {
        guard let binary = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        let folder = URL(fileURLWithPath: binary).deletingLastPathComponent().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        if path.split(separator: ":").contains(where: { String($0) == folder }) { return nil }
        return "   (zzk is \(binary), not on your PATH: run export PATH=\"\(folder):$PATH\" first,"
            + " or install it with make install PREFIX=$HOME/.local)"
    }
}
