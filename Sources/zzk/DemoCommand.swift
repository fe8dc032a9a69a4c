import ArgumentParser
import Foundation
import SodiumKit
import ZZKVault

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build a fictional gmina's vault and walk through the main journeys.")
    @Option(name: .long, help: ArgumentHelp("Folder for the demo vault (must not exist, or be empty).", valueName: "DIR")) var vault: String
    @Option(name: .long, help: ArgumentHelp("Argon2id profile for the demo users.", valueName: "PROFILE")) var kdf: Argon2id.Profile = .interactive

    func run() throws {
        try DemoScenario(url: URL(fileURLWithPath: vault), profile: kdf, say: { print($0) }).run()
    }
}
